"""Evidence files: type by content, size first, metadata removed before storing."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image

from xuncha.core.exceptions import DomainError
from xuncha.petitions.uploads import MAX_FILE_BYTES, clean_upload, clean_uploads


def jpeg_with_exif() -> bytes:
    img = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x013B] = "张三"  # Artist
    exif[0x010F] = "PhoneMaker"  # Make
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def docx_with_author() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>举报内容</w:document>")
        z.writestr("docProps/core.xml", "<cp:coreProperties><dc:creator>张三</dc:creator>"
                                        "<cp:lastModifiedBy>张三</cp:lastModifiedBy></cp:coreProperties>")
        z.writestr("docProps/app.xml", "<Properties><Company>某单位</Company></Properties>")
    return out.getvalue()


PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
       b"2 0 obj\n<< /Author (Zhang San) /Creator (Word \\(2016\\)) /Title <FEFF5F20> >>\nendobj\n"
       b"trailer\n<< /Root 1 0 R /Info 2 0 R >>\n%%EOF\n")


def test_a_photo_loses_its_exif() -> None:
    data = jpeg_with_exif()
    assert b"PhoneMaker" in data
    clean = clean_upload("现场.jpg", data)
    assert clean.kind == "jpeg" and clean.extension == ".jpg"
    assert b"PhoneMaker" not in clean.content
    with Image.open(io.BytesIO(clean.content)) as img:
        assert not img.getexif()


def test_a_word_document_loses_its_author_fields() -> None:
    clean = clean_upload("材料.docx", docx_with_author())
    with zipfile.ZipFile(io.BytesIO(clean.content)) as z:
        assert "张三" not in z.read("docProps/core.xml").decode()
        assert "某单位" not in z.read("docProps/app.xml").decode()
        assert "举报内容" in z.read("word/document.xml").decode()


def test_a_pdf_loses_its_information_strings_in_place() -> None:
    clean = clean_upload("材料.pdf", PDF)
    assert len(clean.content) == len(PDF)  # offsets unchanged
    assert b"Zhang San" not in clean.content and b"Word" not in clean.content and b"5F20" not in clean.content
    assert b"/Author" in clean.content


@pytest.mark.parametrize(("name", "data", "message"), [
    ("照片.jpg", b"MZ\x90\x00 an executable", "类型不允许"),
    ("照片.jpg", b"<html><script>alert(1)</script></html>", "类型不允许"),
    ("照片.png", PDF, "与扩展名不符"),
    ("材料.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "不是有效的图片"),
    ("材料.docx", b"PK\x03\x04 broken zip", "不是有效的 Word"),
    ("材料.pdf", b"%PDF-1.7\n<< /Encrypt 5 0 R >>", "已加密"),
    ("空.jpg", b"", "空文件"),
])
def test_disguised_or_broken_files_are_refused(name: str, data: bytes, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        clean_upload(name, data)


def test_size_is_checked_before_anything_else() -> None:
    with pytest.raises(DomainError, match="超过 10 MB"):
        clean_upload("大.jpg", b"\xff\xd8\xff" + b"0" * MAX_FILE_BYTES)
    with pytest.raises(DomainError, match="最多上传 5 个文件"):
        clean_uploads([("a.jpg", b"x")] * 6)


def test_a_macro_document_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/vbaProject.bin", "macro")
    with pytest.raises(DomainError, match="含有宏"):
        clean_upload("材料.docx", out.getvalue())
