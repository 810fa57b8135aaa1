"""The one catalogue of text kehoach shows a person, in English and Vietnamese, and the problem codes.

Library problems carry their own English text; :data:`CATALOGUE` holds everything else that is
said in words — ``validate`` summaries, query errors, answer-table labels, explanations — looked
up with :func:`message`.  :data:`PROBLEM_CODES` describes every problem code (``--list-codes``).
``validate`` takes its language from ``KEHOACH_LANG`` (:func:`language`).
"""
from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["CATALOGUE", "ECHO_LIMIT", "LANGUAGES", "MESSAGE_LIMIT", "PROBLEM_CODES", "language", "message", "shorten", "shorten_middle"]

LANGUAGES = ("en", "vi")

CATALOGUE: Mapping[str, Mapping[str, str]] = {
    # ----------------------------------------------------------------- validate (kehoach.cli, kehoach.render)
    "summary-ok": {
        "en": "ok: {files} file(s), no problems",
        "vi": "ổn: {files} tệp, không có lỗi",
    },
    "summary-problems": {
        "en": "{errors} error(s), {warnings} warning(s) in {files} file(s)",
        "vi": "{errors} lỗi, {warnings} cảnh báo trong {files} tệp",
    },
    "no-such-path": {
        "en": "no such file or directory: {path}",
        "vi": "không có tệp hoặc thư mục: {path}",
    },
    "unknown-kind": {
        "en": "unknown kind '{kind}'; known kinds: {kinds}",
        "vi": "loại '{kind}' không tồn tại; các loại đã biết: {kinds}",
    },
    "schema.unknown-envelope": {
        "en": "unknown answer envelope '{envelope}'; known envelopes: {envelopes}",
        "vi": "không có dạng câu trả lời '{envelope}'; các dạng đã biết: {envelopes}",
    },
    "schema.no-envelopes": {
        "en": "'{kind}' has no envelopes; only '{answer}' does (kehoach schema {answer} ENVELOPE)",
        "vi": "'{kind}' không chia theo dạng câu trả lời; chỉ '{answer}' có (kehoach schema {answer} ENVELOPE)",
    },
    # ----------------------------------------------------------------- outline (kehoach.outline_cli)
    "outline.unknown-source": {
        "en": "'{source}' is neither a file nor a document of the sources index with a text; documents with a text: {ids}",
        "vi": "'{source}' không phải là tệp, cũng không phải văn bản có nội dung trong danh mục nguồn; các văn bản có nội dung: {ids}",
    },
    "outline.no-text": {
        "en": "document '{document}' of the sources index has no text file",
        "vi": "văn bản '{document}' trong danh mục nguồn không có tệp nội dung",
    },
    "outline.unreadable": {
        "en": "cannot read {path}: {detail}",
        "vi": "không đọc được {path}: {detail}",
    },
    "outline.too-large": {
        "en": "{path} is larger than {limit} bytes",
        "vi": "{path} lớn hơn {limit} byte",
    },
    "outline.not-utf8": {
        "en": "{path} is not UTF-8 text",
        "vi": "{path} không phải văn bản UTF-8",
    },
    "internal-error": {
        "en": "internal error: {detail}; please report",
        "vi": "lỗi nội bộ: {detail}; vui lòng báo lại",
    },
    "output-failed": {
        "en": "cannot write the output: {reason}",
        "vi": "không ghi được kết quả: {reason}",
    },
    # ----------------------------------------------------------------- query errors (kehoach.cli_query)
    "error.unknown-agency": {"en": "unknown agency '{query}'", "vi": "không tìm thấy cơ quan '{query}'"},
    "error.input": {"en": "{detail}", "vi": "{detail}"},
    "error.empty-agency": {"en": "empty agency name", "vi": "tên cơ quan để trống"},
    "error.unknown-group": {"en": "unknown group '{query}'", "vi": "không tìm thấy nhóm '{query}'"},
    "error.agency-is-group": {
        "en": "'{query}' is a group ({name}, {group}), not an agency: ask for one of its member agencies, "
              "or give the group as AGENCY to due, obligations or status",
        "vi": "'{query}' là một nhóm ({name}, {group}), không phải một cơ quan: hãy hỏi cho một cơ quan "
              "thành viên, hoặc ghi nhóm vào AGENCY của due, obligations hoặc status",
    },
    "error.and-more": {"en": "… and {n} more", "vi": "… và {n} cơ quan khác"},
    "error.did-you-mean": {"en": "did you mean:", "vi": "có phải là:"},
    "error.ambiguous-agency": {
        "en": "ambiguous agency '{query}': it matches {n} agencies; use the id or add the district",
        "vi": "tên cơ quan '{query}' chưa rõ: khớp {n} cơ quan; hãy dùng mã hoặc ghi thêm huyện",
    },
    "error.ambiguous-across-provinces": {
        "en": "ambiguous agency '{query}': it names an agency in {n} provinces; use the id, --province or --plan",
        "vi": "tên cơ quan '{query}' chưa rõ: có ở {n} tỉnh, thành phố; hãy dùng mã, --province hoặc --plan",
    },
    "error.ambiguous-group": {
        "en": "ambiguous group '{query}': it names a group in {n} provinces; use the id, --province or --plan",
        "vi": "tên nhóm '{query}' chưa rõ: có ở {n} tỉnh, thành phố; hãy dùng mã, --province hoặc --plan",
    },
    "error.invalid-date": {
        "en": "invalid date for {option}: '{text}'{reason}; expected YYYY-MM-DD or DD/MM/YYYY",
        "vi": "ngày không hợp lệ ở {option}: '{text}'{reason}; cần dạng YYYY-MM-DD hoặc DD/MM/YYYY",
    },
    "error.invalid-assumption": {"en": "invalid --assume '{text}': {reason}",
                                 "vi": "--assume '{text}' không hợp lệ: {reason}"},
    "head.amendments": {"en": "Amendments applied: {amendments}", "vi": "Văn bản sửa đổi đã áp dụng: {amendments}"},
    "head.amendment": {"en": "{id} ({number}, in force from {effective})",
                       "vi": "{id} ({number}, có hiệu lực từ {effective})"},
    "error.invalid-revision": {"en": "cannot read revision '{revision}': {reason}",
                               "vi": "không đọc được phiên bản '{revision}': {reason}"},
    # ----------------------------------------------------------------- diff (kehoach.diff_report)
    "diff.old": {"en": "old", "vi": "cũ"},
    "diff.new": {"en": "new", "vi": "mới"},
    "diff.version": {"en": "{which}: {source} (digest {digest})", "vi": "{which}: {source} (mã {digest})"},
    "diff.heading": {"en": "{plan} · {name} ({agency})", "vi": "{plan} · {name} ({agency})"},
    "diff.none": {"en": "no differences", "vi": "không có khác biệt"},
    "diff.unproven": {
        "en": "{which} fails {n} of today's proofs against the text ({codes}); it is compared as written "
              "(`kehoach validate` on {source} shows them)",
        "vi": "{which} không đạt {n} phép đối chiếu với văn bản của phiên bản hiện nay ({codes}); được so sánh "
              "như đã viết (`kehoach validate` trên {source} cho thấy chi tiết)",
    },
    "diff.summary": {"en": "{n} change(s) for {agencies} agency(ies)", "vi": "{n} thay đổi của {agencies} cơ quan"},
    "diff.change.added": {"en": "added", "vi": "thêm"},
    "diff.change.removed": {"en": "removed", "vi": "bỏ"},
    "diff.change.changed": {"en": "changed", "vi": "đổi"},
    "diff.column.obligation": {"en": "Obligation", "vi": "Nhiệm vụ"},
    "diff.column.change": {"en": "Change", "vi": "Thay đổi"},
    "diff.column.field": {"en": "Field", "vi": "Nội dung"},
    "diff.column.old": {"en": "Old", "vi": "Cũ"},
    "diff.column.new": {"en": "New", "vi": "Mới"},
    "diff.field.title": {"en": "title", "vi": "tên nhiệm vụ"},
    "diff.field.kind": {"en": "kind", "vi": "loại"},
    "diff.field.role": {"en": "role", "vi": "vai trò"},
    "diff.field.literal": {"en": "date as written", "vi": "thời hạn theo văn bản"},
    "diff.field.due": {"en": "due", "vi": "hạn"},
    "diff.field.last_working_day": {"en": "last working day", "vi": "ngày làm việc cuối"},
    "diff.field.periods": {"en": "periods", "vi": "kỳ"},
    "diff.field.target": {"en": "target", "vi": "chỉ tiêu"},
    "diff.field.quote": {"en": "quote", "vi": "trích dẫn"},
    "diff.field.interpretations": {"en": "interpretations", "vi": "cách hiểu"},
    "error.invalid-facts": {"en": "invalid facts ({n} problem(s)):", "vi": "tệp dữ kiện không hợp lệ ({n} lỗi):"},
    "error.invalid-spec": {"en": "invalid spec ({n} problem(s)):", "vi": "spec không hợp lệ ({n} lỗi):"},
    "error.unknown-obligation": {"en": "unknown obligation '{query}'", "vi": "không có nghĩa vụ '{query}'"},
    "error.unknown-plan": {"en": "unknown plan '{query}'", "vi": "không có kế hoạch '{query}'"},
    "error.plan-required": {"en": "the spec holds several plans; name one with --plan: {plans}",
                            "vi": "spec có nhiều kế hoạch; hãy chọn một bằng --plan: {plans}"},
    "table.plans-count": {"en": "{count} plan(s)", "vi": "{count} kế hoạch"},
    "table.plan-start-read": {"en": "{start} (reading {interpretation})", "vi": "{start} (cách hiểu {interpretation})"},
    "col.number": {"en": "Number", "vi": "Số"},
    "col.signed": {"en": "Signed", "vi": "Ngày ký"},
    "col.title": {"en": "Title", "vi": "Trích yếu"},
    "col.issuer": {"en": "Issuer", "vi": "Cơ quan ban hành"},
    "col.plan-period": {"en": "Period", "vi": "Thời kỳ"},
    "col.effective": {"en": "In effect from", "vi": "Hiệu lực từ"},
    "error.unknown-province": {"en": "unknown province '{query}'", "vi": "không có tỉnh, thành phố '{query}'"},
    "error.agency-or-all": {"en": "give an AGENCY or --all, not both",
                            "vi": "chỉ ghi AGENCY hoặc --all, không ghi cả hai"},
    "error.missing-agency": {"en": "missing AGENCY (or --all)", "vi": "thiếu AGENCY (hoặc --all)"},
    "error.bad-fail-on": {"en": "invalid --fail-on '{value}'; valid: {valid}",
                          "vi": "--fail-on '{value}' không hợp lệ; hợp lệ: {valid}"},
    "error.from-after-by": {"en": "--from ({since}) is after --by ({by})", "vi": "--from ({since}) sau --by ({by})"},
    "error.no-facts": {"en": "no such facts file: {path}", "vi": "không có tệp dữ kiện: {path}"},
    "error.bad-facts-path": {"en": "cannot read facts file {path}: {reason}",
                             "vi": "không đọc được tệp dữ kiện {path}: {reason}"},
    "error.empty-path": {"en": "empty path", "vi": "đường dẫn để trống"},
    "error.path-refused": {"en": "cannot read {path}: {reason}", "vi": "không đọc được {path}: {reason}"},
    "error.invalid-argument": {"en": "invalid argument: {detail}", "vi": "đối số không hợp lệ: {detail}"},
    "error.nul-in-path": {"en": "the path contains a NUL character", "vi": "đường dẫn chứa ký tự NUL"},
    "error.path-too-long": {"en": "the path is longer than the system allows", "vi": "đường dẫn dài quá mức hệ thống cho phép"},
    "error.not-a-spec": {"en": "not a spec directory (it holds no plan.yaml and no registry.yaml): {path}",
                         "vi": "không phải thư mục spec (không có plan.yaml và registry.yaml): {path}"},
    "error.bad-today": {"en": "invalid KEHOACH_TODAY '{value}': expected a date YYYY-MM-DD",
                        "vi": "KEHOACH_TODAY '{value}' không hợp lệ: cần một ngày dạng YYYY-MM-DD"},
    # ----------------------------------------------------------------- answer tables (kehoach.report)
    # column headers
    "col.agency": {"en": "Agency", "vi": "Cơ quan"},
    "col.due": {"en": "Due", "vi": "Hạn"},
    "col.lwd": {"en": "Last working day", "vi": "Ngày làm việc cuối"},
    "col.period": {"en": "Period", "vi": "Kỳ"},
    "col.ref": {"en": "Ref", "vi": "Mục"},
    "col.kind": {"en": "Kind", "vi": "Loại"},
    "col.role": {"en": "Role", "vi": "Vai trò"},
    "col.obligation": {"en": "Obligation [id]", "vi": "Nghĩa vụ [mã]"},
    "col.status": {"en": "Status", "vi": "Trạng thái"},
    "col.evidence": {"en": "Evidence", "vi": "Căn cứ"},
    "col.id": {"en": "Id", "vi": "Mã"},
    "col.name": {"en": "Name", "vi": "Tên"},
    "col.level": {"en": "Level", "vi": "Cấp"},
    "col.district": {"en": "District", "vi": "Huyện"},
    "col.province": {"en": "Province", "vi": "Tỉnh, thành phố"},
    "col.groups": {"en": "Groups", "vi": "Nhóm"},
    # obligation kinds
    "kind.deadline": {"en": "deadline", "vi": "thời hạn"},
    "kind.recurring": {"en": "recurring", "vi": "định kỳ"},
    "kind.continuous": {"en": "continuous", "vi": "thường xuyên"},
    "kind.triggered": {"en": "triggered", "vi": "theo sự kiện"},
    "kind.target": {"en": "target", "vi": "chỉ tiêu"},
    "kind.window": {"en": "window", "vi": "trong khoảng thời gian"},
    "kind.on-request": {"en": "on request", "vi": "khi có yêu cầu"},
    "kind.relative": {"en": "relative", "vi": "theo thời hạn tính từ sự kiện"},
    # roles, as a table cell
    "role.lead": {"en": "lead", "vi": "chủ trì"},
    "role.coordinate": {"en": "coordinate", "vi": "phối hợp"},
    "role.evaluate": {"en": "evaluate", "vi": "đánh giá"},
    "role.receive": {"en": "receive", "vi": "nhận kết quả"},
    "role.channel": {"en": "channel", "vi": "đầu mối chuyển"},
    # statuses
    "status.done_on_time": {"en": "done on time", "vi": "đã xong đúng hạn"},
    "status.done_late": {"en": "done late", "vi": "xong trễ hạn"},
    "status.overdue": {"en": "overdue", "vi": "quá hạn"},
    "status.open": {"en": "open", "vi": "chưa đến hạn"},
    "status.waiting": {"en": "waiting", "vi": "chờ sự kiện"},
    "status.met": {"en": "met", "vi": "đạt"},
    "status.not_met": {"en": "not met", "vi": "chưa đạt"},
    "status.no_data": {"en": "no data", "vi": "chưa có số liệu"},
    "status.not_judged": {"en": "not judged", "vi": "không đánh giá"},
    # administrative levels
    "level.central": {"en": "central", "vi": "trung ương"},
    "level.province": {"en": "province", "vi": "tỉnh"},
    "level.district": {"en": "district", "vi": "huyện"},
    "level.commune": {"en": "commune", "vi": "xã"},
    # parties that are not state bodies (registry `sector`), beside their level
    "sector.enterprise": {"en": "enterprise", "vi": "doanh nghiệp"},
    "sector.socio-political": {"en": "socio-political organisation", "vi": "tổ chức chính trị - xã hội"},
    "sector.central": {"en": "central branch", "vi": "cơ quan ngành dọc trung ương"},
    "sector.elected": {"en": "elected body", "vi": "cơ quan dân cử"},
    # headings
    "head.due": {"en": "{agency}: obligations due{since} by {by}",
                 "vi": "{agency}: nghĩa vụ đến hạn{since} đến ngày {by}"},
    "head.since": {"en": " from {since}", "vi": " từ ngày {since}"},
    "head.obligations": {"en": "{agency}: obligations in force on {on}",
                         "vi": "{agency}: nghĩa vụ đang có hiệu lực ngày {on}"},
    "head.status": {"en": "{agency}: status as of {as_of}", "vi": "{agency}: tình trạng đến ngày {as_of}"},
    "head.group": {"en": "{group}: {count} agencies", "vi": "{group}: {count} cơ quan"},
    "head.group.one": {"en": "{group}: {count} agency", "vi": "{group}: {count} cơ quan"},
    "head.spec": {"en": "Plan {plan} v{version} (spec {digest})", "vi": "Kế hoạch {plan} v{version} (spec {digest})"},
    "head.facts": {"en": "Facts: {files}", "vi": "Dữ kiện: {files}"},
    # table bodies and footers
    "table.no-obligations": {"en": "(no obligations)", "vi": "(không có nghĩa vụ nào)"},
    "table.no-agencies": {"en": "(no agencies match)", "vi": "(không có cơ quan nào phù hợp)"},
    "table.interpretations-used": {"en": "Interpretations used:", "vi": "Cách hiểu đã áp dụng:"},
    "table.notes": {"en": "Notes:", "vi": "Lưu ý:"},
    "table.summary": {"en": "Summary:", "vi": "Tổng hợp:"},
    "table.provisional": {"en": "(provisional)", "vi": "(tạm tính)"},
    "table.agencies-count": {"en": "{count} agencies", "vi": "{count} cơ quan"},
    "table.agencies-count.one": {"en": "{count} agency", "vi": "{count} cơ quan"},
    # a note of a CSV answer, on stderr (stdout stays pure CSV)
    "csv.note": {"en": "note: {note}", "vi": "lưu ý: {note}"},
    # how an interpretation got its value (tables and explain)
    "interpretation.assumed": {"en": "assumed for this query", "vi": "giả định cho truy vấn này"},
    "interpretation.default": {"en": "default", "vi": "mặc định"},
    "interpretation.unverified": {"en": "unverified", "vi": "chưa kiểm chứng"},
    "table.past-due": {"en": "(past due)", "vi": "(quá hạn)"},
    "explain.unverified": {
        "en": " This rests on a reading not yet verified ({ids}): treat the date as provisional.",
        "vi": " Nội dung này dựa trên cách hiểu chưa kiểm chứng ({ids}): thời hạn chỉ là tạm tính.",
    },
    # notes of an answer, by note code (JSON note_details)
    "note.outside-period": {
        "en": "{day} is outside the plan period {start} – {end}",
        "vi": "ngày {day} nằm ngoài thời gian thực hiện kế hoạch ({start} – {end})",
    },
    "note.agency-ended": {
        "en": "{query} ended on {end}: it has no obligations after that day",
        "vi": "{query} đã kết thúc vào ngày {end}: không còn nghĩa vụ sau ngày đó",
    },
    "note.successor-reading": {
        "en": "reading: a dissolved agency's open obligations do not pass to its successors (the plan names the "
              "old body); ask about the successor for what the plan asks of it",
        "vi": "cách hiểu: nghĩa vụ chưa hoàn thành của cơ quan đã giải thể không chuyển sang cơ quan kế thừa (kế "
              "hoạch nêu tên cơ quan cũ); hỏi riêng cơ quan kế thừa về những gì kế hoạch giao cho cơ quan đó",
    },
    "note.agency-not-yet": {
        "en": "{query} exists from {start}: it has no obligations before that day",
        "vi": "{query} chỉ có từ ngày {start}: không có nghĩa vụ trước ngày đó",
    },
    "note.name-also-matches": {"en": "'{query}' also names {others}", "vi": "'{query}' cũng là tên của {others}"},
    "note.name-also-matches.other": {"en": "{name} ({id}); write '{ask}' for it",
                                     "vi": "{name} ({id}); để hỏi đơn vị này, ghi '{ask}'"},
    # evidence of a status
    "evidence.submitted": {"en": "submitted {submitted}", "vi": "nộp {submitted}"},
    "evidence.days-overdue": {"en": "{days} day(s) overdue", "vi": "quá hạn {days} ngày"},
    "evidence.rests-on": {"en": "rests on the readings {ids}", "vi": "dựa trên cách hiểu {ids}"},
    "evidence.value": {"en": "value {value} ({date})", "vi": "giá trị {value} ({date})"},
    "evidence.trigger": {"en": "waiting for {trigger}", "vi": "chờ {trigger}"},
    "evidence.event": {"en": "event {event_date}", "vi": "sự kiện {event_date}"},
    "evidence.in-force": {"en": "in force from {in_force_from}", "vi": "có hiệu lực từ {in_force_from}"},
    # ----------------------------------------------------------------- explanations (kehoach.explain)
    "explain.obligation": {"en": "Obligation", "vi": "Nghĩa vụ"},
    "explain.source": {"en": "Source", "vi": "Nguồn"},
    "explain.section": {"en": "section {ref}", "vi": "mục {ref}"},
    "explain.bullet": {"en": ", bullet {n}", "vi": ", gạch đầu dòng {n}"},
    "explain.who": {"en": "Who owes it", "vi": "Ai phải thực hiện"},
    "explain.why": {"en": "Why {agency} owes it", "vi": "Vì sao {agency} phải thực hiện"},
    "explain.not-owed": {"en": "{agency} does not owe this obligation under the interpretations used.",
                         "vi": "{agency} không phải thực hiện nghĩa vụ này theo các cách hiểu đang áp dụng."},
    "explain.named": {"en": "named directly", "vi": "được nêu tên trực tiếp"},
    "explain.excluded": {"en": "{group} leaves out {agency} (exclude), so it does not {role} through it.",
                         "vi": "{group} loại trừ {agency} (exclude), nên {agency} không {role} theo nhóm này."},
    "explain.via": {"en": "through", "vi": "qua"},
    "explain.interpretations": {"en": "Interpretations applied", "vi": "Cách hiểu đã áp dụng"},
    "explain.dates": {"en": "How the dates were computed", "vi": "Cách tính ngày"},
    "explain.in-sum": {"en": "In one sentence", "vi": "Tóm lại"},
    # roles, as a line of an explanation
    "explain.role.lead": {"en": "lead", "vi": "chủ trì"},
    "explain.role.coordinate": {"en": "coordinate", "vi": "phối hợp"},
    "explain.role.receive": {"en": "receive the result", "vi": "nhận kết quả"},
    "explain.role.evaluate": {"en": "evaluate", "vi": "chủ trì đánh giá"},
    "explain.role.channel": {"en": "pass the result on (channel)", "vi": "đầu mối tiếp nhận, chuyển kết quả"},
    # how the dates were computed
    "explain.date.literal": {"en": "literal “{phrase}” → date as written {literal}",
                             "vi": "nguyên văn “{phrase}” → ngày ghi trong văn bản {literal}"},
    "explain.date.due": {"en": "→ due under {interp}={reading}: {due}",
                         "vi": "→ hạn cuối theo {interp}={reading}: {due}"},
    "explain.date.due-plain": {"en": "→ due: {due}", "vi": "→ hạn cuối: {due}"},
    "explain.date.lwd-same": {"en": "→ last working day: {lwd} (the due date is a working day)",
                              "vi": "→ ngày làm việc cuối: {lwd} (hạn cuối là ngày làm việc)"},
    "explain.date.lwd-moved": {"en": "→ last working day: {lwd} ({due} is not a working day)",
                               "vi": "→ ngày làm việc cuối: {lwd} ({due} không phải ngày làm việc)"},
    "explain.date.recurring": {
        "en": "“{phrase}”: one instance per month, due on day {reading} ({interp}), {n} instances from {first} to {last}",
        "vi": "“{phrase}”: mỗi tháng một lần, hạn ngày {reading} ({interp}), {n} kỳ từ {first} đến {last}",
    },
    "explain.date.continuous": {
        "en": "continuous: in force throughout the plan period {start} – {end}",
        "vi": "thường xuyên: có hiệu lực trong suốt thời gian thực hiện kế hoạch {start} – {end}",
    },
    "explain.date.triggered": {"en": "“{phrase}”: waits for the event “{event}”; then {interp}={reading}",
                               "vi": "“{phrase}”: chờ sự kiện “{event}”; sau đó {interp}={reading}"},
    "explain.date.target-plain": {
        "en": "target {target}, judged on {due}; last working day {lwd}",
        "vi": "chỉ tiêu {target}, đánh giá vào ngày {due}; ngày làm việc cuối {lwd}",
    },
    "explain.date.target-yearly": {
        "en": "target {target} each year: {n} instance(s), judged at each year's end, {first} … {last}",
        "vi": "chỉ tiêu {target} mỗi năm: {n} kỳ, đánh giá vào cuối mỗi năm, {first} … {last}",
    },
    "explain.date.target": {
        "en": "target {target}, judged on {due} ({interp}={reading}); last working day {lwd}",
        "vi": "chỉ tiêu {target}, đánh giá vào ngày {due} ({interp}={reading}); ngày làm việc cuối {lwd}",
    },
    "explain.date.no-target": {"en": "a parent row without its own target (its sub-rows carry the targets)",
                               "vi": "dòng tổng, không có chỉ tiêu riêng (các dòng con mang chỉ tiêu)"},
    "explain.heading": {"en": "This row is a heading: its targets are in {parts}.",
                        "vi": "Dòng này là dòng tiêu đề: các chỉ tiêu nằm ở {parts}."},
    # the one-sentence summary: "{who} {verbs} “{title}” {when}"
    "explain.sentence": {
        "en": "Under section {ref} of the plan “{doc}”{issuer}, {who} {verbs} “{title}” {when}.",
        "vi": "Theo mục {ref} Kế hoạch “{doc}”{issuer}, {who} {verbs} “{title}” {when}.",
    },
    "explain.verb.lead": {"en": "must carry out", "vi": "chủ trì thực hiện"},
    "explain.verb.coordinate": {"en": "must help carry out", "vi": "phối hợp thực hiện"},
    "explain.verb.receive": {"en": "receives the result of", "vi": "nhận kết quả của nhiệm vụ"},
    "explain.verb.evaluate": {"en": "must evaluate", "vi": "chủ trì đánh giá"},
    "explain.verb.channel": {"en": "passes on the result of", "vi": "tiếp nhận và chuyển kết quả của nhiệm vụ"},
    "explain.verb.and": {"en": " and ", "vi": " và "},
    "explain.when.deadline": {
        "en": "“{phrase}”, that is by {due} at the latest (last working day {lwd}; reading {interp}={reading})",
        "vi": "“{phrase}”, tức hạn cuối là ngày {due} (ngày làm việc cuối: {lwd}; cách hiểu {interp}={reading})",
    },
    "explain.when.recurring": {
        "en": "every month (“{phrase}”), by day {reading} of each month{unverified}, from {first} to {last}",
        "vi": "hàng tháng (“{phrase}”), hạn ngày {reading} mỗi tháng{unverified}, từ kỳ {first} đến kỳ {last}",
    },
    "explain.when.unverified": {"en": " (an unverified reading, {interp})", "vi": " (cách hiểu chưa kiểm chứng, {interp})"},
    "explain.when.triggered": {"en": "“{phrase}” (once: {event})", "vi": "“{phrase}” ({event})"},
    "explain.when.target": {"en": "reaching {target} for the year, judged on {due}",
                            "vi": "đạt {target} trong năm, đánh giá vào ngày {due}"},
    "explain.when.target-yearly": {"en": "reaching {target} each year, judged at each year's end ({first} … {last})",
                                   "vi": "đạt {target} mỗi năm, đánh giá vào cuối mỗi năm ({first} … {last})"},
    "explain.when.continuous": {"en": "continuously over the plan period ({start} – {end})",
                                "vi": "thường xuyên trong thời gian thực hiện kế hoạch ({start} – {end})"},
    "explain.when.recurring-period": {
        "en": "every {period} (“{phrase}”), the first due on {first_due}, from {first} to {last}",
        "vi": "{period} (“{phrase}”), kỳ đầu hạn ngày {first_due}, từ kỳ {first} đến kỳ {last}",
    },
    "explain.when.deadline-plain": {
        "en": "“{phrase}”, that is by {due} at the latest (last working day {lwd})",
        "vi": "“{phrase}”, tức hạn cuối là ngày {due} (ngày làm việc cuối: {lwd})",
    },
    "explain.when.window": {"en": "within “{phrase}” ({start} – {end}), that is by {end} at the latest{planned}",
                            "vi": "trong “{phrase}” ({start} – {end}), tức hạn cuối là ngày {end}{planned}"},
    "explain.when.planned": {"en": " (a planned date, not judged)", "vi": " (thời gian dự kiến, không đánh giá)"},
    "explain.when.on-request": {"en": "“{phrase}”, whenever asked during the plan period ({start} – {end})",
                                "vi": "“{phrase}”, khi phát sinh trong thời gian thực hiện kế hoạch ({start} – {end})"},
    "explain.when.relative": {"en": "“{phrase}”: within {days} {unit} of {event}",
                              "vi": "“{phrase}”: trong {days} {unit} kể từ {event}"},
    "explain.date.recurring-period": {
        "en": "“{phrase}”: one instance per {period}, {n} instances due from {first} to {last}",
        "vi": "“{phrase}”: mỗi kỳ ({period}) một lần, {n} kỳ, hạn từ {first} đến {last}",
    },
    "explain.date.window": {"en": "“{phrase}”: the window {start} – {end}; due on its end {end}{planned}",
                            "vi": "“{phrase}”: khoảng thời gian {start} – {end}; hạn cuối là ngày kết thúc {end}{planned}"},
    "explain.date.on-request": {"en": "“{phrase}”: on request, no dates; not judged",
                                "vi": "“{phrase}”: khi có yêu cầu, không có ngày; không đánh giá"},
    "explain.date.relative": {
        "en": "“{phrase}”: waits for the event “{event}”; then due {days} {unit} after it",
        "vi": "“{phrase}”: chờ sự kiện “{event}”; sau đó hạn là {days} {unit} kể từ sự kiện",
    },
    "unit.working-days": {"en": "working days", "vi": "ngày làm việc"},
    "unit.calendar-days": {"en": "days", "vi": "ngày"},
    "frequency.monthly": {"en": "month", "vi": "hằng tháng"},
    "frequency.quarterly": {"en": "quarter", "vi": "hằng quý"},
    "frequency.half-yearly": {"en": "half-year", "vi": "6 tháng một lần"},
    "frequency.yearly": {"en": "year", "vi": "hằng năm"},
}
"""Every vi/en text kehoach shows a person, by key; keys are namespaced by where they appear
(``error.*`` query errors, ``status.*``/``kind.*``/``role.*``/``level.*`` table terms, ``explain.*``…)."""


def language(env: Mapping[str, str] | None = None) -> str:
    value = (env if env is not None else os.environ).get("KEHOACH_LANG", "en").strip().lower()[:2]
    return value if value in LANGUAGES else "en"


ECHO_LIMIT = 80
"""Characters of a value the user gave that a message repeats (:func:`shorten`)."""

_ECHOED = frozenset({"query", "text", "path", "value", "kind"})
"""Fields of :func:`message` that repeat what the user typed: shortened to :data:`ECHO_LIMIT`."""


def shorten(text: str, limit: int = ECHO_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, the last one "…": the one way a message echoes a value."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


MESSAGE_LIMIT = 500
"""The longest problem message shown: a longer one (a value echoed in full) is cut in its middle."""


def shorten_middle(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` cut to about ``limit`` characters by dropping its middle ("…"): a message that echoes a
    long value keeps its beginning and what it says at the end ("… is too long")."""
    if len(text) <= limit:
        return text
    tail = limit // 4
    return text[: limit - tail - 1] + "…" + text[-tail:]


def message(key: str, lang: str = "en", **fields: object) -> str:
    """The catalogue text for ``key`` in ``lang`` (English fallback), formatted with ``fields``; the
    fields that echo what the user typed (``query``, ``text``, ``path``, ``value``, ``kind``) are
    shortened (:func:`shorten`)."""
    entry = CATALOGUE[key]
    for name in _ECHOED.intersection(fields):
        value = fields[name]
        if not isinstance(value, (int, float)):
            text = str(value)
            if len(text) > ECHO_LIMIT:
                fields[name] = shorten(text)
    return entry.get(lang, entry["en"]).format(**fields)


PROBLEM_CODES: Mapping[str, str] = {
    # loader: bytes and characters
    "file-too-large": "the file is larger than the 2 MiB limit",
    "encoding": "the file is not UTF-8 text (UTF-16, Windows-1258, binary…); points at the first bad byte",
    "forbidden-character": "control, zero-width, bidi or line-separator character",
    "nbsp-indent": "no-break space (U+00A0) used for indentation",
    "empty-file": "the file holds no YAML content",
    "unreadable": "the file or directory cannot be read",
    # loader: YAML structure
    "yaml-syntax": "YAML syntax error at the parser's position",
    "multiple-documents": "more than one YAML document in a file",
    "too-deep": "nesting deeper than 64 levels",
    "too-many-nodes": "more than 200,000 YAML nodes",
    "alias-not-allowed": "an anchor (&x) or alias (*x); values must be written out",
    "merge-key": "the YAML 1.1 merge key '<<'",
    "non-string-key": "a mapping key that is not text (number, null, list…)",
    "duplicate-key": "a key repeated in one mapping (also equal after NFC); names the first line",
    "forbidden-tag": "a tag other than the core !!str !!int !!float !!bool !!null !!map !!seq",
    "bad-tagged-value": "a core tag whose value does not fit it (e.g. !!int abc)",
    # loader: scalars whose meaning differs between YAML 1.1 and 1.2
    "yaml11-boolean": "unquoted yes/no/on/off/y/n",
    "ambiguous-number": "octal-looking, hex, 0o/0b, underscore or base-60 numbers",
    "unquoted-date": "an unquoted date or timestamp; dates are quoted strings",
    "non-finite-number": ".nan, .inf or a float that overflows",
    "number-too-long": "a number with more than 50 digits",
    # files and discovery
    "not-found": "no such file or directory",
    "not-followed": "a symbolic link (never followed)",
    "not-a-regular-file": "a FIFO, socket or device",
    "outside-root": "a file outside the spec directory",
    "no-files": "(warning) a directory argument holds no YAML files",
    # documents and schema
    "not-a-mapping": "the document is not a mapping",
    "missing-kind": "no 'kind' key",
    "unknown-kind": "'kind' names no known schema",
    "unknown-key": "a key the schema does not allow (with a did-you-mean)",
    "missing-key": "a required key is missing (points at the mapping)",
    "bad-date": "not a real calendar date (format: date)",
    "bad-type": "the value has the wrong type",
    "bad-value": "the value is outside the allowed values, pattern or range",
    "schema": "any other JSON Schema error",
    "source-text": "a sources document's text file is missing, unsafe or not UTF-8",
    # rules: ids and references
    "duplicate-id": "an id used twice within one document kind",
    "unresolved-ref": "a reference (agency, group, indicator, interpretation, trigger, document…) names nothing",
    # rules: registry groups
    "group-cycle": "group membership loops back on itself",
    "empty-group": "a group with no member, directly or by rule",
    "bad-period": "an agency's valid_until is before its valid_from, or a plan period ends before it starts",
    # rules: plan content
    "quote-not-found": "a source.quote is not verbatim in the source text (after NFC and whitespace folding)",
    "phrase-not-in-quote": "a literal phrase (e.g. a deadline as written) is not inside the element's quote",
    "missing-coverage": "a part of the plan text (as kehoach outline parses it) is covered by no element and not marked non-normative",
    "non-normative-unknown-ref": "a non_normative mark of the sources index names a part the text does not have",
    "deadline-mismatch": "a deadline's date differs from the date in its literal phrase",
    "amendment-mismatch": "an amendment does not fit the plan it amends: its from is not what the plan (or an earlier amendment) says, its element is not of the kind the change needs, or it takes effect before its own date",
    "timing-not-scheduled": "a timing form or frequency that the timing table does not schedule",
    "phrase-mismatch": "a timing's dates (date, start, end, frequency, day, days, unit) differ from what its phrase says",
    "phrase-not-checked": "(warning) a timing phrase kehoach cannot read, so its dates are unchecked",
    "deadline-outside-period": "a deadline falls outside the plan period",
    "period-too-long": "a plan period longer than 15 years (facts and scenarios are not checked against it)",
    "year-mismatch": "the plan's year lies outside its period",
    "interpretation-missing": "an element depends on an interpretation it does not name",
    "interpretation-unused": "(warning) an interpretation no element points to",
    "bad-default": "an interpretation's default is not one of its choices",
    "incomplete-groups": "an interpretation's choice-to-groups map misses a choice",
    "comparator-mismatch": "a target's comparator differs from what the words of its as_written give (kehoach.targets: "
                           "tối thiểu ge, trên gt, không quá le, dưới lt…; a bare number or 'đạt': its reading's default)",
    "target-needs-reading": "a target written with words that can mean at least or exactly ('đạt') has no reading",
    "bad-choices": "an interpretation used as a target's reading or owed_by lacks the choices that use needs",
    # rules: provenance (each value backed by the words of its own quote)
    "quote-outside-ref": "a quote is in the text, but not inside the section, bullet or row its source.ref cites",
    "quote-out-of-order": "the fragments of a quote are not in the order of the text",
    "owner-not-in-quote": "a lead, coordinate, receive or evaluate id is not named by its quote (or its row's cell)",
    "owner-role-mismatch": "the quote gives a body another role (“chủ trì”, “phối hợp với”, “gửi về”…) than its field",
    "owner-dropped": "a body the quote names as the subject (or a row's cell names) is missing from the field",
    "target-not-in-row": "a target's as_written is not what the target cell of its row reads",
    "target-value-mismatch": "a target's value is not the number its row writes",
    "unit-not-in-row": "an indicator's unit is not the unit cell of its row",
    "period-end-mismatch": "the plan's period end (or year) is not the end of the year its title names",
    # rules: registry names
    "duplicate-name": "two agencies that exist at the same time share an official name (after name-key normalisation)",
    "ambiguous-alias": "an alias is also another agency's name or alias, so a query for it is ambiguous",
    "duplicate-gso-code": "two agencies that exist at the same time share a GSO code",
    "bad-parent-level": "an agency's parent has the wrong level (a commune's is a district, a district's the province)",
    # facts and scenarios checked against a spec
    "bad-instance": "a submission names an instance (period) the obligation does not have",
    "instance-not-scheduled": "(warning) a submission's instance is in the plan period but not scheduled under the default interpretations",
    "before-plan-start": "(warning) a submission or event dated before the plan starts (default plan-start)",
    "not-owed": "(warning) a measurement for an agency that does not owe that indicator, or a submission by an "
                "agency that does not lead that obligation",
    "duplicate-submission": "(warning) a second submission of the same obligation, instance and agency; names the "
                            "first one's line (status uses the earliest)",
    "not-submittable": "a submission of an indicator (measured, not submitted) or of a continuous duty or requirement",
    "duplicate-event": "(warning) a second event of the same trigger; the earliest counts",
    "conflicting-measurements": "(warning) measurements of one indicator, agency and date that disagree; names the "
                                "other (status uses the later period, then the larger value)",
    "date-before-period": "(warning) a measurement dated before the period it measures starts",
    "unknown-agency": "a scenario names an agency the registry does not know",
    "ambiguous-agency": "a scenario names an agency that fits several agencies",
    "bad-assumption": "an interpretation override (assume) names an unknown interpretation or value",
    "bad-expectation": "a scenario expectation that cannot apply to its query",
    "reference-spec": "the spec that facts and scenario files are checked against cannot be loaded",
    "missing-document": "a spec directory without its plan or registry document",
    # kehoach itself
    "internal-error": "a bug in kehoach (a crashing rule or a broken bundled schema); please report",
}
"""Every problem code kehoach can emit, with one line each (``kehoach validate --list-codes``)."""
