use super::*;

#[test]
fn placeholder() {
    assert_eq!(detect(b"plain").encoding, "ASCII");
}
