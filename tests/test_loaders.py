"""Each loader on a real file made here; bad files rejected with the file named."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import CorpusError
from assistant.ingest.loaders import is_corpus_file, load_document

from .conftest import CORPUS


def _sections(document) -> list[str | None]:  # type: ignore[no-untyped-def]
    return [section.heading for section in document.sections]


def test_pdf_style_text_is_rejoined_and_sectioned() -> None:
    document = load_document(CORPUS / "compact-voice-helping-commissioners.txt", CORPUS)
    assert "Why should new commissioning bodies use a local Compact?" in _sections(document)
    assert (
        "The Compact is the agreement between government and the voluntary, community and "
        "social enterprise sector" in document.text
    )
    assert "\n\n\n" not in document.text and "  " not in document.text
    assert document.title.startswith("The Compact: Helping you work")


def test_markdown_headings_become_sections(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Title\n\nIntro line\ncontinued.\n\n## Funding\n\n- **Three** months.\n")
    document = load_document(path, tmp_path)
    assert document.title == "Title"
    assert _sections(document) == ["Title", "Funding"]
    assert "Intro line continued." in document.text
    assert "- Three months." in document.text


def test_html_drops_scripts_and_keeps_headings(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Page</title><script>var x=1;</script></head><body><nav>Menu</nav>"
        "<h2>Funding</h2><p>Give three   months' notice.</p><ul><li>In writing.</li></ul>"
        "</body></html>"
    )
    document = load_document(path, tmp_path)
    assert document.title == "Page"
    assert "Funding" in _sections(document)
    assert "Give three months' notice." in document.text and "var x" not in document.text
    assert "Menu" not in document.text


def test_pdf_made_with_a_pdf_library(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(
        0,
        8,
        "Commissioning and the Compact\n\nCommissioners should give three months "
        "notice before ending funding. This keeps partners informed.",
    )
    path = tmp_path / "guide.pdf"
    pdf.output(str(path))
    document = load_document(path, tmp_path)
    assert "three months notice before ending funding" in document.text
    assert document.doc_id == "guide.pdf"


def test_docx_made_with_python_docx(tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    word.add_heading("Working with commissioners", level=1)
    word.add_paragraph("Local Compacts help commissioners reach voluntary groups.")
    path = tmp_path / "guide.docx"
    word.save(str(path))
    document = load_document(path, tmp_path)
    assert _sections(document) == ["Working with commissioners"]
    assert "Local Compacts help commissioners reach voluntary groups." in document.text


def test_compacts_list_gives_one_section_per_row() -> None:
    document = load_document(CORPUS / "local-compacts.csv", CORPUS)
    assert document.kind == "compacts"
    assert "Shropshire Compact" in _sections(document)
    assert "Shropshire VCS Assembly and Shropshire Council" in document.text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"   \n\n", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin1.txt", "Café society".encode("latin-1"), "UTF-8"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "PDF"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "Word"),
    ],
)
def test_bad_files_are_named_with_a_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CorpusError) as caught:
        load_document(path, tmp_path)
    assert name in str(caught.value) and reason.lower() in str(caught.value).lower()


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("The Compact. " * 1000)
    with pytest.raises(CorpusError, match="cap"):
        load_document(path, tmp_path, max_bytes=1000)


def test_readme_and_glossary_are_not_documents() -> None:
    assert not is_corpus_file(CORPUS / "README.md")
    assert not is_corpus_file(CORPUS / "glossary.toml")
    assert is_corpus_file(CORPUS / "national-compact-background.md")
