"""Reading and cleaning articles: decoding, boilerplate, repeated paragraphs, offsets, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.corpus import CorpusError, clean_text, decode, read_corpus, read_document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_repeated_paragraphs_collapse_to_one() -> None:
    doc = read_document(SEEDS / "000_a41ff8992daaa2b8.txt")
    assert doc.duplicate_paragraphs == 5
    assert doc.text.count("Gerasimov also held separate talks") == 1
    assert doc.text.count("Nikolay Bordyuzha, the CSTO secretary general") == 1


def test_boilerplate_lines_are_dropped_and_title_kept() -> None:
    doc = read_document(SEEDS / "002_f64b12bfd424b458.txt")
    lines = doc.text.split("\n")
    assert not any(line in ("XS", "SM", "MD", "LG") for line in lines)
    assert not any("Մատչելիության" in line for line in lines)  # the Armenian "accessibility links" line
    assert doc.title == "Russian, Armenian Defense Chiefs ‘Agree’ On Border Crisis"
    assert doc.dropped_lines == 5
    assert doc.duplicate_paragraphs == 1  # the photo caption appears twice


def test_byline_becomes_author_not_text() -> None:
    doc = read_document(SEEDS / "004_87a1fec3678fcb6f.txt")
    assert doc.author == "Emilio Luciano Cricchio"
    assert "Cricchio" not in doc.text


def test_control_characters_are_scraping_debris() -> None:
    raw = "Talks in Yerevan\n\nThe minister\x07 met\x08 his counterpart\x0c on\x1b Friday.\tThey agreed."
    text = clean_text(raw)[0]
    assert text == "Talks in Yerevan\nThe minister met his counterpart on Friday. They agreed."


@pytest.mark.parametrize("data,expected", [
    ("Shoigu’s visit".encode("utf-8"), "Shoigu’s visit"),
    (b"\xef\xbb\xbf" + "Yerevan".encode("utf-8"), "Yerevan"),
    ("Shoigu’s visit".encode("cp1252"), "Shoigu’s visit"),
    ("Gyumri".encode("utf-16"), "Gyumri"),
])
def test_decoding(data: bytes, expected: str) -> None:
    assert decode(data).lstrip("\ufeff") == expected


def test_ids_are_file_stems_and_offsets_index_cleaned_text(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Share this article\nArmenia and Russia met.\n\nArmenia and Russia met.\n")
    (tmp_path / "a.txt").write_text("Moscow hosted talks.")
    docs, skipped = read_corpus([tmp_path])
    assert [d.id for d in docs] == ["a", "b"]
    assert docs[1].text == "Armenia and Russia met."
    assert skipped == []


def test_bad_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "page.txt").write_text("<html><body><p>Shoigu met Tonoyan in Yerevan.</p></body></html>")
    (tmp_path / "menu.txt").write_text("<html><body><p>Hi</p><a href='/'>Home</a></body></html>")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "good.txt").write_text("Armenia is a member of the CSTO.")
    docs, skipped = read_corpus([tmp_path, tmp_path / "missing.txt"])
    assert [d.id for d in docs] == ["good", "page"]  # a saved page in a .txt file is read as a page
    assert docs[1].text == "Shoigu met Tonoyan in Yerevan."
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert reasons == {
        "blob.txt": "binary file, not text",
        "empty.txt": "empty file",
        "image.png": "not an article file (extension .png)",
        "menu.txt": "no article text in the page (only menus, links or buttons)",
        "missing.txt": "no such file or folder",
    }


def test_read_document_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("   \n\n")
    with pytest.raises(CorpusError, match="blank.txt: empty file"):
        read_document(path)


def test_clean_text_keeps_prose_and_drops_furniture() -> None:
    text, title, author, dropped, dupes = clean_text(
        "Skip to main content\nBy Anna Petrosyan\nRussia delivers S-300 systems\n\nThe delivery was confirmed.\n"
        "Follow us on Telegram\nThe delivery was confirmed.\n© 2021 Example News\n")
    assert text == "Russia delivers S-300 systems\nThe delivery was confirmed."
    assert title == "Russia delivers S-300 systems"
    assert author == "Anna Petrosyan"
    assert (dropped, dupes) == (3, 1)
