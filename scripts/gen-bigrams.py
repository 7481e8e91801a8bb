#!/usr/bin/env python3
"""Generate src/tables/bigrams.rs: letter-bigram costs of 51 languages.

Source: the language profiles of langdetect 1.0.9 (Apache-2.0; a port of Shuyo Nakatani's
language-detection, (c) Cybozu Labs), n-gram counts from Wikipedia abstracts. We take the
bigram counts only (facts, not code): each profile's bigrams, lower-cased and merged,
become a cost in quarter bits, -4*log2(count / all bigrams of the language). A space in a
bigram is a word boundary. Left out: ja, zh-cn and zh-tw (their profiles fold Han and kana
into classes; the Han tables in han.rs cover them) and ko (Wikipedia's Hangul bigrams miss
everyday words such as 안녕하세요; KS X 1001's common syllables in plausibility cover it).

Run: pip download langdetect==1.0.9 --no-deps -d /tmp/ld && tar xzf /tmp/ld/langdetect-1.0.9.tar.gz -C /tmp/ld
     (lingua's models come as crates: a scratch crate depending on each
      lingua-NAME-language-model = "=1.0.0" of LINGUA below, then `cargo fetch`)
     python3 scripts/gen-bigrams.py /tmp/ld/langdetect-1.0.9/langdetect/profiles \
         ~/.cargo/registry/src/index.crates.io-*/ > src/tables/bigrams.rs
"""
import json
import math
import os
import sys
import unicodedata
import zipfile
from collections import Counter

SKIP = {"ja", "ko", "zh-cn", "zh-tw"}
# Most bigrams kept per language: the rarest ones say little and cost table space.
KEEP = 1500


def script_of(c):
    name = unicodedata.name(c, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "THAI", "HANGUL"):
        if name.startswith(script):
            return script
    if any(name.startswith(s) for s in ("DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI",
                                          "TAMIL", "TELUGU", "KANNADA", "MALAYALAM")):
        return "INDIC"
    return None


def fold(c):
    # Vietnamese letters of Latin Extended Additional are folded to one letter in the
    # profiles; the lookup folds them the same way (see bigrams.rs's users).
    if "\u1ea0" <= c <= "\u1eff":
        return "\u1ec3"
    lower = c.lower()
    return lower if len(lower) == 1 else c


# langdetect's profiles keep only a language's commonest bigrams (Hungarian's lacks the
# `űl` of `gyűlés`), so a rare but real pair would read as one no language writes. Lingua
# 1.0.0's bigram models (Apache-2.0, Peter M. Stahl; conditional probabilities from a
# larger corpus, inside words only) fill them in, for the Latin languages: a pair both of
# whose letters langdetect's profile writes (at least MIN_LETTER_SHARE of its letters:
# the web text behind lingua's Hungarian is full of the `õ` old fonts showed for `ő`,
# which the profile rightly lacks) and that lingua has at MIN_PAIR_SHARE of a word's
# bigrams or more. Priced as its lingua share of the profile's in-word bigrams, never
# above the profile's price of an unseen pair, so only its being seen is new.
LINGUA = {
    "af": "afrikaans", "ca": "catalan", "cs": "czech", "cy": "welsh", "da": "danish",
    "de": "german", "en": "english", "es": "spanish", "et": "estonian", "fi": "finnish",
    "fr": "french", "hr": "croatian", "hu": "hungarian", "id": "indonesian",
    "it": "italian", "lt": "lithuanian", "lv": "latvian", "nl": "dutch", "no": "bokmal",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "sk": "slovak", "sl": "slovene",
    "so": "somali", "sq": "albanian", "sv": "swedish", "sw": "swahili", "tl": "tagalog",
    "tr": "turkish", "vi": "vietnamese",
}
MIN_LETTER_SHARE = 5e-4
MIN_PAIR_SHARE = 2e-5


def lingua_model(code, kind):
    """{ngram: probability} of lingua's model of `kind` for `code`, or None."""
    if lingua_dir is None or code not in LINGUA:
        return None
    path = os.path.join(lingua_dir, f"lingua-{LINGUA[code]}-language-model-1.0.0",
                        "models", f"{kind}.json.zip")
    with zipfile.ZipFile(path) as z:
        model = json.loads(z.read(z.namelist()[0]))
    probabilities = {}
    for fraction, grams in model["ngrams"].items():
        numerator, denominator = fraction.split("/")
        for gram in grams.split(" "):
            probabilities[gram] = int(numerator) / int(denominator)
    return probabilities


def rarer_pairs(code, kept, total, unknown):
    """The in-word letter pairs of `code` that lingua adds to the kept ones, priced."""
    unigrams = lingua_model(code, "unigrams")
    if unigrams is None:
        return []
    conditional = lingua_model(code, "bigrams")
    letters = {c for c, n in letter_counts[code].items()
               if c.isascii() or n >= MIN_LETTER_SHARE * letter_totals[code]}
    have = {pair for pair, _ in kept}
    in_word = sum(n for (a, b), n in counts_of[code].items() if a != " " and b != " ")
    share_in_word = in_word / total
    added = {}
    for gram, p in conditional.items():
        a, b = fold(gram[0]), fold(gram[1])
        if (a, b) in have or a not in letters or b not in letters:
            continue
        share = unigrams.get(gram[0], 0.0) * p
        if share < MIN_PAIR_SHARE:
            continue
        cost = min(round(unknown), round(-4 * math.log2(share * share_in_word)))
        added[(a, b)] = min(cost, added.get((a, b), 255))
    return sorted(added.items())


profiles_dir = sys.argv[1]
lingua_dir = sys.argv[2] if len(sys.argv) > 2 else None
letter_counts = {}
letter_totals = {}
counts_of = {}
langs = []
for code in sorted(os.listdir(profiles_dir)):
    if code in SKIP:
        continue
    with open(os.path.join(profiles_dir, code), encoding="utf-8") as f:
        freq = json.load(f)["freq"]
    letters = Counter()
    for gram, n in freq.items():
        if len(gram) == 1 and gram.isalpha():
            letters[fold(gram)] += n
    letter_counts[code] = letters
    letter_totals[code] = sum(letters.values())
    counts = Counter()
    for gram, n in freq.items():
        if len(gram) == 2:
            a, b = fold(gram[0]), fold(gram[1])
            if a == " " and b == " ":
                continue
            counts[(a, b)] += n
    total = sum(counts.values())
    counts_of[code] = counts
    scripts = Counter()
    for (a, b), n in counts.items():
        for c in (a, b):
            if c != " " and script_of(c):
                scripts[script_of(c)] += n
    script = scripts.most_common(1)[0][0]
    kept = counts.most_common(KEEP)
    # Unseen bigrams cost as much as half the rarest one kept.
    unknown = -4 * math.log2(kept[-1][1] / (2 * total))
    # What a bigram of the language's own text costs on average (its entropy, with the
    # bigrams not kept priced as unknown): the baseline a reading is measured against.
    kept_total = sum(n for _, n in kept)
    ordinary = sum(n / total * -4 * math.log2(n / total) for _, n in kept)
    ordinary += (total - kept_total) / total * unknown
    langs.append((code, script, kept, total, unknown, ordinary))

entries = []
for index, (code, script, kept, total, unknown, ordinary) in enumerate(langs):
    for (a, b), n in kept:
        cost = min(255, round(-4 * math.log2(n / total)))
        entries.append(((ord(a) << 32) | ord(b), index, cost))
    for (a, b), cost in rarer_pairs(code, kept, total, unknown):
        entries.append(((ord(a) << 32) | ord(b), index, cost))
entries.sort()

print("// @generated by scripts/gen-bigrams.py — do not edit")
print("//! Letter-bigram costs from langdetect 1.0.9's profiles (Apache-2.0; Shuyo Nakatani's")
print("//! language-detection, (c) Cybozu Labs): Wikipedia n-gram counts, facts not code.")
if lingua_dir is not None:
    print("//! Rarer in-word pairs of the Latin languages from lingua 1.0.0's bigram models")
    print("//! (Apache-2.0, Peter M. Stahl), priced no higher than an unseen pair.")
print()
print("/// (code, script, cost of a bigram the profile lacks, mean cost of a bigram of the")
print("/// language's text), costs in quarter bits.")
print("#[rustfmt::skip]")
print("pub static LANGUAGES: &[(&str, &str, u8, u8)] = &[")
for code, script, kept, total, unknown, ordinary in langs:
    print(f'    ("{code}", "{script}", {min(255, round(unknown))}, {round(ordinary)}),')
print("];")
print()
print("/// ((first << 32) | second, language index, cost in quarter bits), sorted; ' ' is a")
print("/// word boundary, letters are lower-cased.")
print("#[rustfmt::skip]")
print("pub static BIGRAMS: &[(u64, u8, u8)] = &[")
line = []
for key, index, cost in entries:
    line.append(f"(0x{key:X}, {index}, {cost})")
    if len(line) == 6:
        print("    " + ", ".join(line) + ",")
        line = []
if line:
    print("    " + ", ".join(line) + ",")
print("];")
