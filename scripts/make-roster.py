#!/usr/bin/env python3
"""A 10 000-row roster XLSX with valid, distinct ID numbers (for the benchmarks).
   scripts/make-roster.py OUT.xlsx"""
import sys, openpyxl
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
book = openpyxl.Workbook(write_only=True)
ws = book.create_sheet("名单")
ws.append(["姓名", "性别", "身份证号", "手机号", "邮箱", "最高学历", "所学专业", "工作单位", "开票类型", "开票单位",
           "纳税人识别号", "报考项目", "意向考试区域", "证书领取方式", "收件人", "收件电话", "收件地址"])
digits = "零一二三四五六七八九"
for i in range(10_000):
    body = f"5001031985{1 + i // 300 % 12:02}{1 + i // 12 % 25:02}{i % 999 + 1:03}"
    body = body[:17]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, W)) % 11]
    gender = "男" if int(body[16]) % 2 else "女"
    name = "考生" + "".join(digits[int(c)] for c in str(i))
    ws.append([name, gender, body + check, f"139{i:08d}", f"k{i}@example.com", "大学本科", "护理", "重庆市人民医院",
               "个人", None, None, "健康管理师（三级）", "渝中区", "自取", None, None, None])
book.save(sys.argv[1])
