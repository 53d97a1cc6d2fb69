"""A labelled evaluation corpus for the anonymizer (every person in it is invented).

`corpus.jsonl`: one post per line, `{"id", "split", "style", "text", "people", "spans"}`;
spans are `{"start", "end", "type"}` over `text`. Types: name, username, email, phone, bsn,
iban, postcode, address, url, place, date (personal data) and keep (a word a reader needs:
benefit, agency, municipality as an agency). `generate.py` writes it from templates and
`handwritten.txt`; `score.py` runs it through the real pipeline and scores it.
"""
