"""The upload form of the member import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")  # what python-calamine reads, and CSV (core.sheets)
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # ≈ 600,000 rows of the template


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel or CSV file"),
        help_text=gettext_lazy(
            "The template's layout: .xlsx, .xls, .ods, or .csv (UTF-8 or Windows-1258; separated by commas, semicolons or tabs)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx, .xls, .xlsb or .ods) or a CSV file (.csv)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20})
        return upload
