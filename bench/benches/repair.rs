//! The candidate search on one broken span, per family, and the gate on clean tokens.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

use mojifix::repair::repair;

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("repair_span");
    for (name, text) in [
        ("utf8_as_cp1252", "cafÃ©"),
        ("utf8_as_cp1252_twice", "cafÃƒÂ©"),
        ("utf8_as_cp1251", "РџСЂРёРІРµС‚"),
        ("gbk_as_latin1", "TNF-¦Á"),
        ("euckr_as_latin1", "¾È³çÇÏ¼¼¿ä"),
        ("utf8_as_gbk", "浣犲ソ"),
        ("utf8_as_sjis", "縺薙ｓ縺ｫ縺｡縺ｯ"),
        ("cp1251_as_latin1", "ÑÅÊÐÅÒ"),
        ("clean_latin_token", "Müller"),
        ("clean_cjk_token", "你好，世界"),
        ("clean_cyrillic_token", "Привет"),
    ] {
        group.bench_function(name, |b| b.iter(|| black_box(repair(black_box(text)))));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20);
    targets = search
}
criterion_main!(benches);
