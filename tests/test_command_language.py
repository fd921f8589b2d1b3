"""Commands speak the configured language (settings.LANGUAGE_CODE, Vietnamese): the text
around the import's messages too, not only the messages."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from .conftest import Tree
from .test_member_import import row, xlsx

pytestmark = pytest.mark.django_db


@contextmanager
def as_from_the_shell() -> Iterator[None]:
    """`manage.py` activates no language: a command speaks settings.LANGUAGE_CODE."""
    saved = translation.get_language()
    translation.deactivate()
    try:
        yield
    finally:
        translation.activate(saved)


def test_the_import_command_reports_a_refused_row_in_vietnamese(tree: Tree, tmp_path: Path, settings: object) -> None:
    path = tmp_path / "members.xlsx"
    path.write_bytes(xlsx([row(), row(organization="Y1")]).getvalue())
    out = io.StringIO()
    with as_from_the_shell(), pytest.raises(CommandError) as refused:
        call_command("members_import", str(path), "--dry-run", "--user", "tochuc.xa", stdout=out)
    printed = out.getvalue()
    assert "dòng 4, Mã chi bộ: Không có tổ chức nào mang mã Y1 trong phạm vi bạn đang làm việc." in printed
    assert "line 4" not in printed
    assert str(refused.value) == "1/2 dòng bị từ chối (1 lỗi): chưa nhập dòng nào."
    assert "Đang kiểm tra các dòng" in printed  # the progress names its phases in Vietnamese too


def test_the_import_command_reports_its_success_in_vietnamese(tree: Tree, tmp_path: Path) -> None:
    path = tmp_path / "members.xlsx"
    path.write_bytes(xlsx([row(), row()]).getvalue())
    out = io.StringIO()
    with as_from_the_shell():
        call_command("members_import", str(path), stdout=out)
    assert "Đã nhập 2 đảng viên trong " in out.getvalue()


def test_the_other_commands_speak_vietnamese_too(tree: Tree) -> None:
    out = io.StringIO()
    with as_from_the_shell():
        call_command("audit_verify", stdout=out)
        call_command("totals_check", stdout=out)
        with pytest.raises(CommandError, match="Không có tổ chức nào mang mã ZZ"):
            call_command("dues_open_month", "ZZ", "2026-01")
    assert "Chuỗi nhật ký kiểm toán nguyên vẹn" in out.getvalue()
    assert "Tổng số theo cây khớp với cây tổ chức." in out.getvalue()
