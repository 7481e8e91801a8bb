"""The pandas recipe: Series.map(fix_text) and the fix_batch path agree."""

import pandas as pd

from corpus import records
from mojifix import fix_text
from pandas_clean import clean_with_batch, clean_with_map


def test_pandas_map_and_batch_agree():
    texts = records(3000, seed=3)
    df = pd.DataFrame({"id": range(len(texts)), "text": texts})
    df.loc[5, "text"] = None
    by_map = clean_with_map(df)
    by_batch = clean_with_batch(df)
    assert list(by_map["id"]) == list(range(len(texts)))
    assert by_map["text"].isna().tolist() == by_batch["text"].isna().tolist()
    assert by_map["text"].dropna().tolist() == by_batch["text"].dropna().tolist()
    expected = [fix_text(t) for t in texts]
    expected[5] = None
    assert [None if pd.isna(t) else t for t in by_batch["text"]] == expected
    assert df["text"].tolist()[0] == texts[0]  # the input frame is left alone
