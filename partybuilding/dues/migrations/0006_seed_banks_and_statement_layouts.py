"""The banks that take NAPAS 247 transfers (their BINs as NAPAS and VietQR publish them) and
the statement layouts of the four banks most Party organizations keep their accounts with.
A new bank or layout is a row like these, not code."""

from django.db import migrations

BANKS = [
    ("970436", "Vietcombank", "Ngân hàng TMCP Ngoại thương Việt Nam"),
    ("970418", "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"),
    ("970415", "VietinBank", "Ngân hàng TMCP Công thương Việt Nam"),
    ("970405", "Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"),
    ("970407", "Techcombank", "Ngân hàng TMCP Kỹ thương Việt Nam"),
    ("970422", "MB", "Ngân hàng TMCP Quân đội"),
    ("970416", "ACB", "Ngân hàng TMCP Á Châu"),
    ("970432", "VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng"),
    ("970403", "Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín"),
    ("970423", "TPBank", "Ngân hàng TMCP Tiên Phong"),
    ("970437", "HDBank", "Ngân hàng TMCP Phát triển Thành phố Hồ Chí Minh"),
    ("970441", "VIB", "Ngân hàng TMCP Quốc tế Việt Nam"),
    ("970443", "SHB", "Ngân hàng TMCP Sài Gòn - Hà Nội"),
    ("970426", "MSB", "Ngân hàng TMCP Hàng Hải Việt Nam"),
    ("970440", "SeABank", "Ngân hàng TMCP Đông Nam Á"),
    ("970448", "OCB", "Ngân hàng TMCP Phương Đông"),
    ("970431", "Eximbank", "Ngân hàng TMCP Xuất Nhập khẩu Việt Nam"),
    ("970449", "LPBank", "Ngân hàng TMCP Lộc Phát Việt Nam"),
    ("970428", "Nam A Bank", "Ngân hàng TMCP Nam Á"),
    ("970409", "Bac A Bank", "Ngân hàng TMCP Bắc Á"),
    ("970412", "PVcomBank", "Ngân hàng TMCP Đại Chúng Việt Nam"),
    ("970425", "ABBANK", "Ngân hàng TMCP An Bình"),
    ("970438", "BaoViet Bank", "Ngân hàng TMCP Bảo Việt"),
    ("970400", "Saigonbank", "Ngân hàng TMCP Sài Gòn Công Thương"),
    ("970452", "KienlongBank", "Ngân hàng TMCP Kiên Long"),
    ("970433", "Vietbank", "Ngân hàng TMCP Việt Nam Thương Tín"),
    ("970454", "BVBank", "Ngân hàng TMCP Bản Việt"),
    ("970419", "NCB", "Ngân hàng TMCP Quốc Dân"),
    ("970446", "Co-opBank", "Ngân hàng Hợp tác xã Việt Nam"),
    ("999888", "VBSP", "Ngân hàng Chính sách xã hội"),
]

# Each layout: where the day, the credit, the content (and, when the export has them, the
# transaction number and the balance) are. Header names match with or without accents, a
# header cell that starts with one of the names; positions count from 1.
LAYOUTS = [
    (
        "vietcombank",
        "Vietcombank — sao kê tài khoản (Excel)",
        {
            "header": {
                "date": ["Ngày giao dịch", "Ngày GD", "Transaction date"],
                "transaction_id": ["Số tham chiếu", "Reference"],
                "credit": ["Số tiền ghi có", "Ghi có", "Credit"],
                "content": ["Mô tả", "Nội dung", "Description"],
                "balance": ["Số dư", "Balance"],
            },
            "thousands": ",",
            "stop_at": ["Tổng cộng", "Tổng số", "Total"],
        },
    ),
    (
        "bidv",
        "BIDV — sao kê tài khoản (Excel)",
        {
            "header": {
                "date": ["Ngày hiệu lực", "Ngày giao dịch", "Effective date"],
                "transaction_id": ["Số giao dịch", "Mã giao dịch", "Số tham chiếu"],
                "credit": ["Ghi có", "Số tiền ghi có", "Credit"],
                "content": ["Mô tả giao dịch", "Diễn giải", "Nội dung", "Description"],
                "balance": ["Số dư", "Balance"],
            },
            "thousands": ",",
            "stop_at": ["Tổng cộng", "Cộng phát sinh", "Total"],
        },
    ),
    (
        "vietinbank",
        "VietinBank — lịch sử giao dịch (CSV)",
        {
            "header": {
                "date": ["Ngày giao dịch", "Ngày hạch toán"],
                "transaction_id": ["Số giao dịch", "Số bút toán"],
                "credit": ["Có", "Ghi có", "Số tiền ghi có"],
                "content": ["Chi tiết giao dịch", "Mô tả giao dịch", "Nội dung"],
                "balance": ["Số dư"],
            },
            "thousands": ".",
            "stop_at": ["Tổng cộng", "Tổng phát sinh"],
        },
    ),
    (
        "agribank",
        "Agribank — sao kê tài khoản (Excel, cột cố định)",
        {
            # Its header spans two merged rows: the columns are read by position.
            "columns": {"date": 2, "transaction_id": 3, "credit": 5, "balance": 6, "content": 7},
            "first_row": 12,
            "thousands": ",",
            "stop_at": ["Tổng cộng", "Cộng phát sinh"],
        },
    ),
]


def seed(apps, schema_editor):
    Bank = apps.get_model("dues", "Bank")
    StatementLayout = apps.get_model("dues", "StatementLayout")
    for bin_, short_name, name in BANKS:
        Bank.objects.update_or_create(bin=bin_, defaults={"short_name": short_name, "name": name})
    for code, name, mapping in LAYOUTS:
        StatementLayout.objects.update_or_create(code=code, defaults={"name": name, "mapping": mapping})


class Migration(migrations.Migration):
    dependencies = [("dues", "0005_add_bank_transfers")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
