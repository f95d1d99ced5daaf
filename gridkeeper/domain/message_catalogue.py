"""The message catalogue: key -> (Chinese, English) templates, ``str.format`` placeholders.

Keys are stable (scripts and tests may rely on them); a key is the error code where one message has
that code, else ``code:words`` or words from the English text. Grouped by the module that says it.
Texts are what users read: change them only on purpose (tests assert many verbatim).

Over 500 lines: this is data, one entry per message; it grows as modules are converted.
"""

from __future__ import annotations

CATALOGUE: dict[str, tuple[str, str]] = {}

# cli.py
CATALOGUE.update({
    'cli_description': ('网格员离线台账工具', 'offline record keeping for grid workers'),
    'cli_backup_line': ('{created}  {kind:<16} {persons:>7} 人  {path}', '{created}  {kind:<16} {persons:>7} persons  {path}'),
    'cli_prompt_township_passphrase': ('为乡镇数据库和密钥设置口令', 'Passphrase for the township database and keys'),
    'cli_created_database': (
        '已创建 {path}（{name}，{role_label}，指纹 {fingerprint}）',
        'created {path} ({name}, {role}, fingerprint {fingerprint})',
    ),
    'cli_role_township': ('乡镇', 'township'),
    'cli_role_worker': ('网格员', 'worker'),
    'cli_demo_township_name': ('演示乡镇网格中心', 'Demo township centre'),
    'cli_demo_worker_name': ('演示网格员电脑', 'Demo worker laptop'),
    'cli_demo_ready': (
        '演示数据库已建好：{path}（{households} 户，{persons} 人，{care_subjects} 名关爱对象，{visits} 次走访，'
        '{disputes} 件纠纷；{seconds:.1f} 秒）',
        'demo database ready: {path} ({households} households, {persons} persons, {care_subjects} care subjects, '
        '{visits} visits, {disputes} disputes; {seconds:.1f} s)',
    ),
    'cli_limit_must_be_positive': ('--limit 应为正整数', '--limit must be a positive number'),
    'cli_search_kind_person': ('人员', 'person'),
    'cli_search_kind_household': ('户', 'household'),
    'cli_search_kind_house': ('房屋', 'house'),
    'cli_search_nothing_found': ('没有找到', 'nothing found'),
    'cli_search_first_of_total': (
        '前 {shown} 条，共 {total} 条（用 --limit 显示更多）',
        'first {shown} of {total} (use --limit to see more)',
    ),
    'cli_check_passed': ('检查通过', 'check passed'),
    'cli_check_failed': ('检查未通过', 'check FAILED'),
    'cli_check_error': ('错误：{error}', 'error: {error}'),
    'cli_check_warning': ('提示：{warning}', 'warning: {warning}'),
    'cli_no_backups_yet': ('还没有备份', 'no backups yet'),
    'cli_backed_up': ('已备份到 {out}', 'backed up to {out}'),
    'cli_backed_up_with_key_file': (
        '已备份到 {out}（密钥文件 {key_file} 与它放在一起）',
        'backed up to {out} (its key file {key_file} beside it)',
    ),
    'cli_restored': ('已恢复 {backup}；恢复前的状态保存在 {kept}', 'restored {backup}; the previous state is kept in {kept}'),
    'cli_restored_undo': (
        '已恢复 {backup}；恢复前的状态保存在 {kept}\n撤销这次恢复：{undo}',
        'restored {backup}; the previous state is kept in {kept}\nto undo: {undo}',
    ),
    'no_display': (
        '没有图形显示，无法打开窗口：请在桌面上运行；在服务器或 SSH 中请用命令行子命令（gridkeeper --help）',
        'no display to open a window on: run it on a desktop; on a server or over SSH use the subcommands '
        '(gridkeeper --help)',
    ),
    'cli_cancelled': ('gridkeeper：已取消', 'gridkeeper: cancelled'),
    'cli_file_operation_failed': (
        'gridkeeper：文件操作失败：{reason}（{file}）',
        'gridkeeper: file operation failed: {reason} ({file})',
    ),
    'cli_unexpected_error': (
        'gridkeeper：意外错误（{error_type}: {error}），详情见 {log}',
        'gridkeeper: unexpected error ({error_type}: {error}); details in {log}',
    ),
})

# cli_areas.py
CATALOGUE.update({
    'cli_area_retired': ('（已撤销）', ' (retired)'),
    'cli_no_areas_yet': ('还没有区域', 'no areas yet'),
    'cli_area_added': ('已添加“{name}”：{id}', "added '{name}': {id}"),
    'cli_areas_imported': (
        '新建村/社区 {villages_created} 个，新建网格 {grids_created} 个，更新网格 {grids_updated} 个',
        'created {villages_created} villages, {grids_created} grids; updated {grids_updated}',
    ),
    'cli_areas_row_problem': ('第 {row} 行：{problem}', 'row {row}: {problem}'),
    'cli_areas_bad_rows_nothing_imported': (
        'gridkeeper：表格有 {bad_rows} 行有问题，什么都没有导入',
        'gridkeeper: {bad_rows} bad rows in the sheet; nothing was imported',
    ),
})

# cli_atrest.py
CATALOGUE.update({
    'cli_new_passphrase_no_terminal': (
        '需要新口令：请在终端中运行，或设置环境变量 {env}',
        'a new passphrase is needed: run in a terminal, or set {env}',
    ),
    'cli_prompt_worker_sets_new_passphrase': (
        '请网格员设置新的数据库口令（至少 6 个字符）',
        'The worker sets a new database passphrase (6+ characters)',
    ),
    'cli_recovered': ('已为 {target} 设置新口令（密钥文件 {key_file}）', 'set a new passphrase for {target} (key file {key_file})'),
})

# cli_io.py
CATALOGUE.update({
    'cli_bad_arguments': ('命令行参数有误：{message}（用 --help 查看用法）', 'bad arguments: {message} (see --help)'),
    'cli_damaged': ('数据库文件已损坏', 'the database file is damaged'),
    'cli_damaged_no_backup': (
        '数据库文件已损坏，无法使用：{path}。没有找到可用的备份：请向乡镇索取返回包，在新数据库中合并。',
        'the database file is damaged and cannot be used: {path}. No readable backup was found: ask the township '
        'for a return bundle and merge it into a new database.',
    ),
    'cli_damaged_restore_backup': (
        '数据库文件已损坏，无法使用：{path}。最近可用的备份是 {when}（{persons} 人）：{backup}；恢复请运行：{command}'
        '（之后合并乡镇的返回包补齐数据）',
        'the database file is damaged and cannot be used: {path}. The newest readable backup is from {when} '
        "({persons} persons): {backup}; restore it with: {command} (then merge the township's return bundle to "
        'catch up)',
    ),
    'cli_encrypted_no_terminal': (
        '数据库已加密：请在终端中运行以输入口令，或设置环境变量 {env}',
        'the database is encrypted: run in a terminal to type its passphrase, or set {env}',
    ),
    'cli_prompt_database_passphrase': ('数据库口令（{name}）', 'Database passphrase ({name})'),
    'cli_prompt_set_database_passphrase': ('为数据库设置口令（至少 6 个字符）', 'Set a database passphrase (6+ characters)'),
    'cli_new_database_needs_passphrase': (
        '新数据库需要设置口令：请在终端中运行，或设置环境变量 {env}',
        'a new database needs a passphrase: run in a terminal, or set {env}',
    ),
    'cli_prompt_again': ('再输入一次', 'Again'),
    'cli_passphrases_do_not_match': ('两次输入的口令不一致', 'the passphrases do not match'),
    'cli_passphrases_do_not_match_nothing_changed': (
        '两次输入的口令不一致，什么都没有改变',
        'the passphrases do not match; nothing was changed',
    ),
    'cli_township_passphrase_empty': (
        '口令不能为空：乡镇密钥必须设置口令',
        'the passphrase cannot be empty: the township keys must be protected',
    ),
    'cli_township_passphrase_no_terminal': (
        '乡镇密钥必须设置口令：请在终端中运行，或设置环境变量 {env}；什么都没有创建或改变',
        'the township keys must be protected by a passphrase: run this in a terminal or set {env}; nothing was '
        'created or changed',
    ),
    'cli_passphrase_strength': ('口令强度：{hint}', 'passphrase strength: {hint}'),
})

# cli_ledger.py
CATALOGUE.update({
    'cli_ledger_visits': ('走访台账', 'visits ledger'),
    'cli_ledger_care': ('重点人群花名册', 'special-care roster'),
    'cli_ledger_disputes': ('矛盾纠纷排查调处台账', 'dispute mediation ledger'),
    'cli_ledger_households': ('人口底册', 'household roster'),
    'cli_ledger_requests': ('民生诉求登记台账', 'resident requests ledger'),
    'cli_ledger_hazards': ('问题隐患排查整改台账', 'hazards ledger'),
    'cli_ledger_floating': ('流动人口登记台账', 'floating-population ledger'),
    'cli_ledger_points': ('志愿服务积分台账', 'volunteer points ledger'),
    'cli_ledger_printed': (
        '已打印{ledger}（{month}）：{file}，共 {pages} 页，{rows} 条，用时 {seconds:.1f} 秒',
        'printed the {ledger} ({month}): {file}, {pages} pages, {rows} rows, {seconds:.1f} s',
    ),
    'cli_ledger_missing_glyphs': (
        '注意：以下字符没有可用字体，打印为空白：{characters}',
        'note: no font has these characters, they print blank: {characters}',
    ),
})

# cli_sheets.py (its bad-row lines and totals are cli_casework.py's: the two imports report alike)
CATALOGUE.update({
    'cli_import_summary': (
        '新增 {created} 人，更新 {updated} 人，不变 {unchanged} 人；新建 {households_created} 户，'
        '新建房屋 {houses_created} 处；关爱对象新增 {care_created}、更新 {care_updated}',
        '{created} persons created, {updated} updated, {unchanged} unchanged; {households_created} households '
        'created, {houses_created} houses created; care subjects {care_created} created, {care_updated} updated',
    ),
    'cli_import_action_create': ('新增', 'create'),
    'cli_import_action_update': ('更新', 'update'),
    'cli_import_action_unchanged': ('不变', 'unchanged'),
    'cli_import_action_error': ('错误', 'error'),
    'cli_import_row_plan': ('第 {row} 行 {action} {name} {detail}', 'row {row} {action} {name} {detail}'),
    'cli_exported_rows': ('已导出 {rows} 行到 {out}', 'exported {rows} rows to {out}'),
})

# cli_sync.py
CATALOGUE.update({
    'cli_prompt_township_keys_passphrase': ('输入乡镇密钥口令', 'Passphrase for the township keys'),
    'cli_card_township': ('乡镇公钥卡片', 'township card'),
    'cli_card_enrolment_request': ('登记申请', 'enrolment request'),
    'cli_card_written': (
        '已写出{card}：{out}\n指纹：{fingerprint}（请与对方电话核对）',
        'wrote the {card}: {out}\nfingerprint: {fingerprint} (compare it by phone)',
    ),
    'cli_card_imported': (
        '已导入“{name}”（{device_id}），指纹 {fingerprint}：请与对方电话核对',
        "imported '{name}' ({device_id}), fingerprint {fingerprint}: compare it by phone",
    ),
    'not_township:only_the_township_revokes': ('只有乡镇可以吊销设备', 'only the township revokes devices'),
    'cli_device_revoked': ('已吊销“{name}”，今后拒收它的同步包', "revoked '{name}': its bundles are refused from now on"),
    'not_township:no_passphrase_to_change': (
        '网格员电脑的密钥不设口令（电脑要能随时导出同步包），这个数据库也没有加密：没有口令可改',
        "a worker laptop's keys have no passphrase (it must export bundles without one) and this database is not "
        'encrypted: there is no passphrase to change',
    ),
    'cli_prompt_current_passphrase': ('当前口令', 'Current passphrase'),
    'passphrase_required:the_current_passphrase_is_needed': (
        '需要当前口令：请在终端中运行，或设置环境变量 {env}',
        'the current passphrase is needed: run this in a terminal or set {env}',
    ),
    'cli_prompt_new_passphrase': ('新口令', 'New passphrase'),
    'cli_prompt_new_database_passphrase': ('新的数据库口令（至少 6 个字符）', 'New database passphrase (6+ characters)'),
    'cli_what_database_and_township_keys': ('数据库和乡镇密钥', 'database and township keys'),
    'cli_what_township_keys': ('乡镇密钥', 'township keys'),
    'cli_what_database': ('数据库', 'database'),
    'cli_passphrase_changed': ('{what}的口令已更改', 'the {what} passphrase was changed'),
    'cli_bundle_exported': (
        '已导出同步包：{path}（{records} 条记录，{kilobytes} KB）',
        'exported bundle: {path} ({records} records, {kilobytes} KB)',
    ),
})

# domain/validate.py
CATALOGUE.update({
    'phone_number_not_recognised_11': (
        '电话号码格式不对：手机号11位，座机为区号加7到8位号码（如 0571-88888888）',
        'phone number not recognised: 11-digit mobile, or area code and 7-8 digit landline (e.g. 0571-88888888)',
    ),
    'id_number_is_empty': ('身份证号为空', 'ID number is empty'),
    'id_number_must_have_18': ('身份证号应为18位，现在是{len_s}位', 'ID number must have 18 characters, it has {len_s}'),
    'id_number_17_digits_then': ('身份证号前17位应为数字，最后一位为数字或X', 'ID number: 17 digits, then a digit or X'),
    'id_number_region_code_does': ('身份证号开头的地区码 {s_2} 不存在', 'ID number region code {s_2} does not exist'),
    'the_birth_date_in_the': ('身份证号中的出生日期晚于今天', 'the birth date in the ID number is after today'),
    'the_birth_year_in_the': ('身份证号中的出生年份早于1900年', 'the birth year in the ID number is before 1900'),
    'id_number_check_digit_is': (
        '身份证号校验码不对：按前17位计算，最后一位应为 {expected}，现在是 {s_17}（可能有一位输错或两位颠倒）',
        'ID number check digit is wrong: from the first 17 digits the last character should be {expected}, not {s_17} '
        '(a digit mistyped or two swapped?)',
    ),
    'a_mobile_number_has_11': (
        '手机号应为以1开头的11位数字，现在是{len_digits_only}位',
        'a mobile number has 11 digits starting with 1, this has {len_digits_only}',
    ),
    'is_before_1900': ('{what_zh}早于1900年', '{what_en} is before 1900'),
    'cannot_be_in_the_future': ('{what_zh}不能晚于今天', '{what_en} cannot be in the future'),
    'contains_a_nul_character': ('含有无效的空字符（NUL）', 'contains a NUL character'),
    'too_long_at_most_characters': (
        '太长：最多{limit}个字符，现在是{len_s}个',
        'too long: at most {limit} characters, this has {len_s}',
    ),
    'must_be_yes_or_no': ('应为是或否', 'must be yes or no'),
    'the_birth_date_in_the_2': (
        '身份证号中的出生日期 {s_6_14} 不是有效日期',
        'the birth date {s_6_14} in the ID number is not a real date',
    ),
    'contains_invalid_unicode_a_lone': ('含有无效的Unicode字符（孤立的代理项）', 'contains invalid Unicode (a lone surrogate)'),
    'out_of_range': ('数值超出范围', 'out of range'),
    'is_not_one_of_the': ('“{raw}”不是可选值（可选：{choices}）', "'{raw}' is not one of the choices"),
    'birth_date_does_not_match': (
        '出生日期与身份证号不符（身份证号显示 {birth_date}）',
        'birth date does not match the ID number ({birth_date})',
    ),
    'gender_does_not_match_the': ('性别与身份证号不符（身份证号显示为{zh}）', 'gender does not match the ID number ({info_gender})'),
    'closed_before_it_was_received': ('办结日期早于受理日期', 'closed before it was received'),
    'a_follow_up_result_needs': ('填写回访情况时须有回访日期', 'a follow-up result needs its date'),
    'not_understood_use_2026_11': ('{what_zh}格式不对（应为 2026-11-27）', '{what_en} not understood (use 2026-11-27)'),
    'until_is_before_since': ('退出日期早于纳入日期', "'until' is before 'since'"),
    'must_be_a_whole_number': ('应为整数', 'must be a whole number'),
    'is_not_a_known_category': ('“{item}”不是可选类别', "'{item}' is not a known category"),
    'a_closed_dispute_needs_its': ('办结前须填写调解结果', 'a closed dispute needs its result'),
    'a_closed_dispute_needs_its_2': ('办结前须填写办结日期', 'a closed dispute needs its closing date'),
    'unknown_field': ('未知字段 {name}', 'unknown field {name}'),
    'is_required': ('{f_zh}不能为空', '{f_en} is required'),
    'does_not_exist': ('{what_zh} {s} 不存在', '{what_en} {s} does not exist'),
    'field_problem': ('{f_zh}：{e_zh}', '{f_en}: {e_en}'),
})

# ledgers/fonts.py
CATALOGUE.update({
    'font_missing': ('缺少台账字体文件：{path}', 'ledger font file missing: {path}'),
    'not_a_truetype_font': ('字体不是 TrueType：{source_name}', 'not a TrueType font: {source_name}'),
})

# ledgers/kinds.py
CATALOGUE.update({
    'bad_kind:unknown_ledger_kind_choose_from': (
        '未知的台账类型：{kind}（可选：{known}）',
        'unknown ledger kind: {kind} (choose from: {join_KINDS})',
    ),
})

# ledgers/render.py
CATALOGUE.update({
    'bad_month:month_must_be_yyyy_mm': ('月份格式应为 YYYY-MM：{month!r}', 'month must be YYYY-MM: {month!r}'),
    'bad_rows': ('台账数据应为行的列表', 'ledger rows must be a list of dicts'),
    'bad_rows:ledger_row_is_not_a': ('台账第 {i} 行不是字典', 'ledger row {i} is not a dict'),
    'bad_rows:household_members_must_be_a': ('第 {i} 户的成员应为字典列表', 'household {i}: members must be a list of dicts'),
    'write_failed': ('无法写入台账文件 {out_path}：{exc}', 'cannot write ledger file {out_path}: {exc}'),
})

# ledgers/service.py
CATALOGUE.update({
    'bad_month:cannot_print_a_ledger_for': (
        '不能打印未来月份的台账：{month}（今天是 {today}）',
        'cannot print a ledger for a future month: {month} (today is {today})',
    ),
    'bad_out': ('请指定输出的 PDF 文件', 'please give the output PDF file'),
    'bad_out:the_output_is_a_folder': ('输出位置是一个文件夹，不是文件：{path}', 'the output is a folder, not a file: {path}'),
    'bad_out:the_output_folder_does_not': ('输出文件夹不存在：{parent}', 'the output folder does not exist: {parent}'),
    'no_area:no_such_area_or_it': ('区域不存在或已删除：{area_id}', 'no such area (or it was deleted): {area_id}'),
    'write_failed:cannot_write_ledger_file': ('无法写入台账文件 {path}：{exc}', 'cannot write ledger file {path}: {exc}'),
})

# sheets/cells.py
CATALOGUE.update({
    'cannot_read_the_date_write': (
        '无法识别的日期“{text}”，请写成 2023-05-01 或 2023年5月1日',
        'cannot read the date {text!r}; write it as 2023-05-01',
    ),
    'the_number_is_not_a': (
        '数字 {clean_text_serial} 不是有效的 Excel 日期',
        'the number {clean_text_serial} is not a valid Excel date',
    ),
    'the_excel_date_1900_02': (
        'Excel 日期 1900-02-29 不存在，请重新填写该日期',
        'the Excel date 1900-02-29 does not exist; enter the date again',
    ),
    'the_date_has_no_day': (
        '日期“{text}”缺少日，请写完整的年月日，例如 2023-05-01',
        'the date {text!r} has no day; write the full date, e.g. 2023-05-01',
    ),
    'cannot_read_the_gender_use': (
        '无法识别的性别“{clean_text_v}”，请填写“男”或“女”',
        'cannot read the gender {clean_text_v!r}; use 男/女 or male/female',
    ),
    'id_digits_lost': (
        '身份证号被 Excel 存成了数字，后几位已丢失，请把该列设为文本格式后重新填写',
        'the ID number was stored by Excel as a number and its last digits are lost; format the column as text and '
        'enter the number again',
    ),
    'date_does_not_exist:day': ('日期“{text}”不存在（{y}年{m}月没有{d}日）', 'the date {text!r} does not exist'),
    'date_does_not_exist:month': ('日期“{text}”不存在（没有{m}月）', 'the date {text!r} does not exist'),
})

# sheets/csv_reader.py
CATALOGUE.update({
    'cannot_decode_or_it_is': (
        '无法识别“{p_name}”的文字编码，或它不是文本表格。请在 Excel 中另存为“CSV UTF-8”或 .xlsx',
        'cannot decode {p_name}, or it is not a text table; save it as CSV UTF-8 or .xlsx',
    ),
    'is_mb_more_than_the': (
        '{where}有 {size_1024_1024:.0f} MB，超过 CSV 文件 {MAX_CSV_BYTES_1024_1024} MB 的上限。请拆分文件，或另存为 .xlsx 后再导入',
        '{where} is {size_1024_1024:.0f} MB, more than the limit of {MAX_CSV_BYTES_1024_1024} MB for a CSV file; '
        'split it or save it as .xlsx',
    ),
    'cannot_read': ('无法读取文件 {p_name}：{e_strerror_or_e}', 'cannot read {p_name}: {e_strerror_or_e}'),
    'row_is_longer_than_the': (
        '{where}第 {n_1} 行超过 {MAX_CSV_RECORD_CHARS_1024_1024} MB 的上限（可能缺少配对的引号）',
        '{where}: row {n_1} is longer than the limit of {MAX_CSV_RECORD_CHARS_1024_1024} MB (an unmatched quote?)',
    ),
    'is_malformed_row': ('{where}格式有误（第 {n_1} 行）：{e}', '{where} is malformed (row {n_1}): {e}'),
    'row_has_a_field_longer': (
        '{where}第 {n_1} 行有一个单元格超过 {MAX_CSV_FIELD_1024} KB（{MAX_CSV_FIELD} 个字符）的上限（可能缺少配对的引号）',
        '{where}: row {n_1} has a field longer than the limit of {MAX_CSV_FIELD_1024} KB ({MAX_CSV_FIELD:,} '
        'characters); an unmatched quote?',
    ),
})

# sheets/limits.py
CATALOGUE.update({
    'exceeds_the_limit_of_rows': (
        '{where}超过 {MAX_ROWS} 行的上限（第 {row} 行还有内容）。请把表格拆成几个文件分别导入',
        '{where} exceeds the limit of {MAX_ROWS:,} rows (row {row} has content); split it into several files',
    ),
    'exceeds_the_limit_of_columns': (
        '{where}超过 {MAX_COLUMNS} 列的上限（{at}）。请删除多余的列后再导入',
        '{where} exceeds the limit of {MAX_COLUMNS} columns ({at_en}); delete the extra columns',
    ),
    'row_column_characters_more_than': (
        '第 {row} 行“{column}”列的内容有 {length} 个字符，超过单元格 {limit} 个字符的上限',
        'row {row}, column {column!r}: {length:,} characters, more than the limit of {limit:,} characters in a cell',
    ),
    'has_parts_more_than_the': (
        '“{file_name}”包含 {len_infos} 个部件，超过 {MAX_ZIP_MEMBERS} 个的上限，不像是正常的表格文件',
        '{file_name} has {len_infos:,} parts, more than the limit of {MAX_ZIP_MEMBERS:,}; this is not an ordinary '
        'workbook',
    ),
    'unpacks_to_more_than_the': (
        '“{file_name}”解压后有 {mib_total}，超过 {mib_MAX_UNZIPPED_BYTES} 的上限。请删除多余的工作表或拆分文件后再导入',
        '{file_name} unpacks to {mib_total}, more than the limit of {mib_MAX_UNZIPPED_BYTES}; remove extra sheets or '
        'split the file',
    ),
    'has_merged_ranges_more_than': (
        '{where}有 {ext_merged_ranges} 个合并单元格，超过 {MAX_MERGED_RANGES} 个的上限。请取消多余的合并（开始→合并后居中→取消合并）后再导入',
        '{where} has {ext_merged_ranges:,} merged ranges, more than the limit of {MAX_MERGED_RANGES:,}; unmerge them '
        'first',
    ),
    'spans_rows_x_columns_more': (
        '{where}的内容范围有 {ext_rows} 行 × {ext_columns} 列，超过 {MAX_CELLS} 个单元格的上限。请删除多余的行列或拆分文件后再导入',
        '{where} spans {ext_rows:,} rows x {ext_columns:,} columns, more than the limit of {MAX_CELLS:,} cells; '
        'delete extra rows and columns or split the file',
    ),
    'part_is_compressed_1_more': (
        '“{file_name}”中的“{info_filename}”压缩比为 {ratio} '
        '倍，超过 {MAX_COMPRESSION_RATIO} 倍的上限（解压后 {mib_in'
        'fo_file_size}），可能是恶意构造的文件，已拒绝读取',
        '{file_name}: part {info_filename} is compressed {ratio}:1, more than the limit of {MAX_COMPRESSION_RATIO}:1 '
        '({mib_info_file_size} unpacked); refused as a likely zip bomb',
    ),
})

# sheets/reader.py
CATALOGUE.update({
    'the_workbook_part_is_abnormally': (
        '工作簿的“{name}”部件大得异常（{info_file_size} 字节）',
        'the workbook part {name} is abnormally large ({info_file_size:,} bytes)',
    ),
    'cannot_read_it_is_a': (
        '无法读取“{file_name}”：它是压缩包，但不是 Excel 工作簿（缺少 xl/workbook.xml）',
        'cannot read {file_name}: it is a zip archive but not an Excel workbook (no xl/workbook.xml)',
    ),
    'is_really_an_old_xls': (
        '“{p_name}”其实是旧版 .xls 格式。请在 Excel 或 WPS 中“另存为” .xlsx 后再导入',
        '{p_name} is really an old .xls file; save it as .xlsx in Excel or WPS first',
    ),
    'is_not_a_valid_xlsx': (
        '“{p_name}”不是有效的 .xlsx 文件（可能已损坏，或只是改了扩展名）',
        '{p_name} is not a valid .xlsx file (damaged, or only renamed to .xlsx)',
    ),
    'cannot_read_the_file_may': (
        '无法读取“{p_name}”，文件可能已损坏：{detail}',
        'cannot read {p_name}, the file may be damaged: {detail}',
    ),
    'file_not_found': ('找不到文件：{p}', 'file not found: {p}'),
    'is_a_folder_not_a': ('“{p}”是文件夹，不是表格文件', '{p} is a folder, not a file'),
    'cannot_open': ('无法打开文件 {p_name}：{e_strerror_or_e}', 'cannot open {p_name}: {e_strerror_or_e}'),
    'is_password_protected_open_it': (
        '“{p_name}”设置了打开密码，无法读取。请在 Excel 中打开，取消密码（文件→信息→保护工作簿）后另存，再导入',
        '{p_name} is password-protected. Open it in Excel, remove the password and save it again before importing',
    ),
    'has_no_sheet_named_sheets': (
        '“{p_name}”里没有名为“{sheet}”的工作表（有：{join_names}）',
        '{p_name} has no sheet named {sheet!r} (sheets: {join_names2})',
    ),
    'unsupported_format': (
        '不支持的文件类型“{ext}”，只能导入 .xlsx 或 .csv 文件。{hint}',
        'unsupported file type {ext!r}: only .xlsx and .csv can be imported.{hint}',
    ),
    'unsupported_format:save_as_xlsx': ('请在 Excel 或 WPS 中“另存为” .xlsx 后再导入', ' save it as .xlsx in Excel or WPS first'),
})

# sheets/table.py
CATALOGUE.update({
    'where:sheet': ('工作表“{name}”', 'sheet {name!r}'),
    'where:file': ('“{name}”', '{name}'),
    'no_header_row_found_in': (
        '{where}的前 {HEADER_SCAN_ROWS} 行里找不到表头。表头行至少要有两个可识别的列名，例如：{expected_headers_zh}',
        'no header row found in the first {HEADER_SCAN_ROWS} rows of {where}. The header row needs at least two known '
        'column names, such as: {expected_headers_en}',
    ),
    'duplicate_columns_column_and_column': (
        '表头有重复的列：第 {col_letter_j} 列“{columns_j}”和第 {col_letter_i} 列“{columns_i}”都是“{label}”，请删除或改名其中一列',
        'duplicate columns: column {col_letter_j} ({columns_j!r}) and column {col_letter_i} ({columns_i!r}) both mean '
        '{f!r}; remove or rename one',
    ),
    'column_mapping_maps_to_unknown': (
        '列对应设置有误：“{header}”对应的字段“{target}”不存在',
        'column mapping: {header!r} maps to unknown field {target!r}',
    ),
})

# sheets/writer.py
CATALOGUE.update({
    'cannot_export_to_use_a': (
        '不支持导出为“{ext_or_p_name}”，请使用 .xlsx 或 .csv 扩展名',
        'cannot export to {ext_or_p_name!r}; use a .xlsx or .csv file name',
    ),
    'no_columns_to_export': ('没有要导出的列', 'no columns to export'),
    'folder_does_not_exist': ('文件夹不存在：{folder}', 'folder does not exist: {folder}'),
    'cannot_write': ('无法写入“{p_name}”：{e_strerror_or_e}', 'cannot write {p_name}: {e_strerror_or_e}'),
    'more_rows_than_excel_allows': (
        '行数超过 Excel 上限（1048575 行），请改用 .csv 或缩小范围',
        'more rows than Excel allows (1,048,575); use .csv or narrow the export',
    ),
    'cannot_write_the_file_is': (
        '无法写入“{p_name}”：文件被占用（可能正在 Excel 或 WPS 中打开），请关闭后重试',
        'cannot write {p_name}: the file is in use (open in Excel or WPS?); close it and try again',
    ),
})

# spreadsheets/exporter.py
CATALOGUE.update({
    'bad_kind:cannot_export_choose_one_of': (
        '不能导出“{kind}”，可选：{join_EXPORT_KINDS}',
        'cannot export {kind!r}; choose one of {join_EXPORT_KINDS2}',
    ),
    'bad_area': ('区域不存在：{area_id}', 'no such area: {area_id}'),
})

# spreadsheets/import_plan.py
CATALOGUE.update({
    'cancelled': ('导入已取消，数据库没有任何改动', 'import cancelled; nothing was changed'),
})

# spreadsheets/importer.py
CATALOGUE.update({
    'import_stale': ('预览之后数据库已有改动，请重新预览后再导入', 'the database changed after the preview; preview again before importing'),
})

# spreadsheets/import_steps.py
CATALOGUE.update({
    'no_person_columns': (
        '表格里既没有“姓名”列也没有“公民身份号码”列，无法导入人员',
        'the sheet has neither a name nor an ID number column; no persons can be imported',
    ),
    'bad_area:no_area_to_import_into': ('指定的区域不存在：{area_id}', 'no such area: {area_id}'),
    'several_areas_are_named': (
        '有 {n} 个区域都叫“{text}”，请写成“村名+网格名”或填写网格编码',
        "{n} areas are named {text!r}; write 'village+grid' or the grid code",
    ),
    'no_grid_named': (
        '找不到网格“{text}”，请填写已有网格的名称或编码',
        'no grid named {text!r}; use the name or code of an existing grid',
    ),
    'no_grid_given_add_a': (
        '没有指定所属网格：请在表中加“网格”列，或在导入时选择网格（--area）',
        'no grid given: add a 网格 column or choose the grid to import into (--area)',
    ),
    'this_device_may_only_write': (
        '本机只能录入自己负责的网格，“{name}”不在其中',
        'this device may only write inside its own grids',
    ),
    'households_have_number_in': (
        '户号“{number}”在该网格下有 {n} 户，无法确定是哪一户',
        '{n} households have number {number!r} in this grid',
    ),
    'the_name_is_required': ('姓名不能为空', 'the name is required'),
    'care_category_not_recognised': (
        '重点人群类别“{unknown_zh}”无法识别（可选：{choices}）',
        'care category {unknown_en!r} not recognised',
    ),
    'id_number_appears_more_than': (
        '身份证号 {id_number} 在表中重复出现（第 {rows} 行），请只保留一行',
        'ID number {id_number} appears more than once (rows {rows}); keep one row',
    ),
    'appears_twice_in_household': (
        '户号 {number} 中“{name}”重复出现（第 {rows} 行），请只保留一行或填写身份证号',
        '{name} appears twice in household {number} (rows {rows})',
    ),
})

# spreadsheets/roster_rows.py, spreadsheets/import_floating.py: one cell of a roster row
CATALOGUE.update({
    'cell_problem': ('{column}：{problem}', '{column}: {problem}'),
    'column_value_is_not_one_of': (
        '{column}“{text}”不是可选值（可选：{choices_zh}）',
        '{column} {text!r} is not one of: {choices_en}',
    ),
    'ethnicity_not_recognised_write': (
        '{column}“{text}”无法识别，请写成“汉族”这样的民族名称',
        '{column} {text!r} not recognised; write e.g. 汉族',
    ),
    'relation_needs_the_gender_or': (
        '与户主关系“{text}”需要性别或身份证号才能区分儿子和女儿',
        'relation {text!r} needs the gender or ID number to tell son from daughter',
    ),
})

# store/area_edits.py
CATALOGUE.update({
    'duplicate_area': ('同一上级下已有名为“{name}”的区域', "an area named '{name}' already exists there"),
    'bad_parent': ('不能把区域移到它自己的下级', 'an area cannot move under itself'),
    'needs_target': (
        '这个区域还有 {total} 条记录，请先选择要把它们移到哪个网格',
        'this area still holds {total} records: choose the grid to move them to',
    ),
    'bad_target': ('目标网格无效（不能是被撤销的区域或其下级）', 'the target must be a live area outside the one being retired'),
})

# store/areas.py
CATALOGUE.update({
    'ambiguous_area': (
        '“{text}”对应多个区域，请写得更完整：{listed}',
        "'{text}' matches several areas, please be more specific: {listed_replace}",
    ),
    'bad_parent:a_cannot_be_placed_under': ('{level_zh}不能放在{parent_zh}之下', 'a {level} cannot be placed under {parent}'),
    'no_area': (
        '区域不存在：“{text}”（可写区域编号、代码或名称路径，如 东山村/第三网格；用 gridkeeper areas list 查看）',
        "no such area: '{text}' (give its id, code or path of names such as 东山村/第三网格; see gridkeeper areas list)",
    ),
    'bad_parent:the_parent_area_does_not': ('上级区域不存在', 'the parent area does not exist'),
})

# store/atrest.py
CATALOGUE.update({
    'bad_key_file': (
        '数据库密钥文件已损坏：{sp}。可从备份中取回密钥文件，或请乡镇用恢复密钥重设口令。',
        'the database key file is damaged: {sp}. Take it from a backup, or ask the township to reset the passphrase '
        'with its recovery copy.',
    ),
    'no_key_file': (
        '找不到数据库密钥文件 {sp_name}（应与数据库放在同一文件夹）。没有它无法打开加密的数据库；可从备份处取回，或请乡镇用恢复密钥重设口令。',
        'the database key file {sp_name} is missing (it belongs beside the database); an encrypted database cannot be '
        'opened without it. Take it from a backup, or ask the township to reset the passphrase with its recovery '
        'copy.',
    ),
    'the_database_is_encrypted_a': (
        '数据库已加密，需要口令才能打开：{db_path}',
        'the database is encrypted; a passphrase is needed to open it: {db_path}',
    ),
    'weak_passphrase': (
        '数据库口令至少 {MIN_PASSPHRASE} 个字符',
        'the database passphrase needs at least {MIN_PASSPHRASE} characters',
    ),
    'wrong_key': ('这个密钥打不开该数据库（不是同一台电脑的数据库？）', "this key does not open that database (a different laptop's database?)"),
    'not_encrypted': ('这个数据库没有加密，没有数据库口令可改', 'this database is not encrypted; it has no passphrase to change'),
    'already_encrypted': ('这个数据库已经加密了', 'this database is already encrypted'),
    'encrypt_failed': ('加密后的数据库校验失败，原文件未改动', 'the encrypted copy failed its check; the original is untouched'),
    'wrong_passphrase': ('口令不正确，请重新输入', 'wrong passphrase; please try again'),
})

# store/backup.py
CATALOGUE.update({
    'backup_failed': ('{reason}没有生成备份：{dest}（{e}）', '{reason}no backup was made: {dest} ({e})'),
    'backup_failed:disk_full': ('目标磁盘空间不足，', 'not enough space on the target disk; '),
    'backup_failed:write_failed': ('写入备份失败，', 'writing the backup failed; '),
})

# store/care.py
CATALOGUE.update({
    'exists': ('此人已是重点关爱对象', 'this person is already a care subject'),
    'bad_interval': ('未知的关爱等级：{level}', 'unknown care level: {level}'),
    'bad_interval:the_visit_interval_for_must': (
        '{level_zh}的走访周期应为 1 到 {most} 之间的天数：{days}',
        'the visit interval for {level} must be 1 to {most} days: {days}',
    ),
})

# store/changes.py
CATALOGUE.update({
    'record_not_found': ('记录不存在：{rid}', 'record not found: {rid}'),
})

# store/check.py
CATALOGUE.update({
    'record_ids_are_used_in': ('{n} 个记录编号同时出现在两个表中', '{n} record ids are used in two tables'),
    'the_area_tree_has_a': (
        '区域树中有循环：{loops} 个区域是自己的上级',
        'the area tree has a loop: {loops} areas are their own ancestors',
    ),
    'the_database_failed_its_check': (
        '数据库文件检查未通过。可以从最近的备份恢复，再合并乡镇的返回包补齐之后的数据。',
        "the database failed its check: restore the latest backup, then merge the township's return bundle.",
    ),
    'schema_version_is_expected': ('结构版本为 {version}，应为 {expected}', 'schema version is {version}, expected {expected}'),
    'foreign_key_violations': ('外键不一致：{len_fk} 处', 'foreign key violations: {len_fk}'),
    'no_device_identity_not_initialised': ('缺少本机身份（未初始化）', 'no device identity (not initialised)'),
    'the_database_file_is_damaged': ('数据库文件已损坏：{e}', 'the database file is damaged: {e}'),
    'the_database_file_is_damaged_2': ('数据库文件已损坏：{detail}', 'the database file is damaged: {detail}'),
    'records_without_versions_versions_without': (
        '{t_zh}：{missing} 条记录缺少版本信息，{orphans} 条版本信息没有记录',
        '{t_name}: {missing} records without versions, {orphans} versions without records',
    ),
    'records_have_fields_written_without': (
        '{t_zh}：{bad} 条记录有未记录版本的字段（绕过了变更记录）',
        '{t_name}: {bad} records have fields written without a version stamp',
    ),
    'records_have_versions_written_by': (
        '{t_zh}：{n} 条记录的版本信息指向不存在的设备',
        '{t_name}: {n} records have versions written by a device missing from devices',
    ),
    'records_have_malformed_versions': (
        '{t_zh}：{n} 条记录的版本信息格式损坏',
        '{t_name}: {n} records have malformed version rows',
    ),
    'records_have_a_seen_mark': (
        '{t_zh}：{n} 条记录的“已见”标记不低于其版本（会掩盖冲突）',
        "{t_name}: {n} records have a seen mark at or above their version's stamp (it would hide conflicts)",
    ),
    'today_s_automatic_backup_failed': ('今天的自动备份没有完成：{e}', "today's automatic backup failed: {e}"),
    'no_bundle_has_been_exported': (
        '还没有导出过同步包：请导出并交给乡镇，以免数据只存在这台电脑上。',
        'no bundle has been exported yet: export one for the township so the data is not only on this laptop.',
    ),
    'the_last_bundle_was_exported': (
        '距离上次导出同步包已经 {h_days_since_export} 天，请尽快导出交给乡镇。',
        'the last bundle was exported {h_days_since_export} days ago; please export one for the township.',
    ),
    'references_to_records_not_received': (
        '{t_zh}.{f_zh}：{dangling} 条引用的记录尚未收到',
        '{t_name}.{f_name}: {dangling} references to records not received yet',
    ),
})

# store/db.py
CATALOGUE.update({
    'could_not_open_the_database': ('无法以 WAL 模式打开数据库', 'could not open the database in WAL mode'),
    'newer_schema': (
        '这个数据库由更新版本的 gridkeeper 创建（结构版本 {version}），请先升级软件',
        'this database was written by a newer gridkeeper (schema {version}); please update the app',
    ),
    'disk_full': (
        '磁盘空间已满：这次操作没有保存任何内容。请腾出磁盘空间后重试。',
        'the disk is full: nothing of this operation was saved. Free some space and try again.',
    ),
    'io_error': (
        '读写磁盘出错：这次操作没有保存任何内容。请检查磁盘或U盘后重试。',
        'a disk read/write error: nothing of this operation was saved. Check the disk and retry.',
    ),
    'locked': (
        '数据库正被另一个程序使用，请关闭另一个 gridkeeper 窗口后重试。',
        'the database is in use by another program; close the other gridkeeper and retry.',
    ),
    'damaged': ('数据库文件已损坏，请运行检查并从备份恢复。', 'the database file is damaged; run the check and restore a backup.'),
    'no_database': ('数据库文件不存在：{p}', 'database file not found: {p}'),
    'this_is_a_folder_not': ('这是一个文件夹，不是数据库文件：{p}', 'this is a folder, not a database: {p}'),
    'not_gridkeeper': ('不是 gridkeeper 数据库：{p}', 'not a gridkeeper database: {p}'),
    'damaged:the_database_file_cannot_be': (
        '数据库文件无法打开或已损坏：{p}（{e}）',
        'the database file cannot be opened or is damaged: {p} ({e})',
    ),
    'damaged:the_database_file_is_damaged': (
        '数据库文件已损坏，或它的密钥文件属于另一个数据库：{p}',
        'the database file is damaged, or its key file belongs to another database: {p}',
    ),
})

# store/devices.py
CATALOGUE.update({
    'not_initialised': (
        '数据库尚未初始化（没有本机身份），请先运行 gridkeeper init',
        'the database has no device identity yet; run gridkeeper init first',
    ),
    'bad_role': ('角色应为 worker（网格员）或 township（乡镇）：{role}', 'role must be worker or township, not {role}'),
    'bad_name': ('设备名称不能为空', 'the device name is required'),
    'already_initialised': ('这个数据库已经初始化过', 'this database is already initialised'),
    'unknown_device': ('未知的设备：{device_id}', 'unknown device: {device_id}'),
    'own_card': ('不能导入本机自己的卡片', "this is this device's own card"),
    'revoked': ('这台设备已被吊销，不能再次登记', 'this device was revoked and cannot be enrolled again'),
    'key_mismatch': ('同一设备编号的公钥不一致，拒绝导入（可能是伪造的文件）', 'a different key for a known device id: refused (a forged file?)'),
    'no_device': ('没有这台设备：{device_id}', 'no such device: {device_id}'),
    'revoke_self': ('不能吊销本机', 'cannot revoke this device itself'),
    'ambiguous_device': (
        '设备编号前缀“{device_id}”对应多台设备，请输入完整编号',
        "the prefix '{device_id}' matches {len_rows} devices: type the full id",
    ),
})

# store/disputes.py
CATALOGUE.update({
    'bad_status': ('未知状态：{status}', 'unknown status: {status}'),
    'bad_transition': ('纠纷状态不能从“{from_zh}”改为“{to_zh}”', 'a dispute cannot go from {from_status} to {to_status}'),
    'not_closed': ('纠纷办结后才能安排回访', 'a follow-up is scheduled once the dispute is closed'),
    'not_closed:a_follow_up_comes_after': ('纠纷办结后才能回访', 'a follow-up comes after the dispute is closed'),
})

# store/households.py
CATALOGUE.update({
    'unit': ('{house_unit}单元', 'unit {house_unit}'),
    'room': ('{house_room}室', 'room {house_room}'),
    'bad_target:choose_another_household_for_the': ('请选择成员要移入的另一户', 'choose another household for the members'),
    'bad_target:the_household_to_move_the': ('要移入的户不存在或已删除', 'the household to move the members to does not exist'),
})

# store/ledger_rows.py
CATALOGUE.update({
    'bad_month': ('月份格式应为 YYYY-MM（例如 2026-11）：{month}', 'the month must be YYYY-MM (e.g. 2026-11): {month}'),
    'bad_month:implausible_month': ('月份不合理：{month}', 'implausible month: {month}'),
    'bad_kind': ('未知的台账类型：{kind}（可选：{kinds_zh}）', 'unknown ledger kind: {kind} (choose from: {kinds_en})'),
})

# store/records.py
CATALOGUE.update({
    'record_not_found_or_deleted': ('{t_zh}记录不存在或已删除：{rid}', '{t_en} record not found or deleted: {rid}'),
})

# store/restore.py
CATALOGUE.update({
    'bad_backup': (
        '备份文件已损坏或不是 gridkeeper 备份（{detail}）：{backup}',
        'the backup is damaged or not a gridkeeper backup ({detail}): {backup}',
    ),
    'other_device': (
        '这个备份属于另一台设备 {b}，不是本数据库的设备 {c}。确实要用它替换本机数据，请确认（命令行加 --other-device）。',
        "this backup belongs to another device {b}, not to this database's device {c}. To replace this database with "
        'it anyway, confirm explicitly (command line: --other-device).',
    ),
    'no_backup': ('备份文件不存在：{backup}', 'backup file not found: {backup}'),
    'other_key': (
        '这个备份来自另一个数据库（密钥不同），不能恢复到这里：{backup}',
        'this backup belongs to another database (a different key) and cannot be restored here: {backup}',
    ),
    'newer_backup': (
        '这个备份由更新版本的 gridkeeper 生成（结构版本 {version}，本软件 {app_version}），不能恢复：{backup}',
        'this backup was written by a newer gridkeeper (schema {version}, this app {app_version}) and cannot be '
        'restored: {backup}',
    ),
    'unexpected_objects': (
        '备份中有 gridkeeper 不会创建的对象（{names}），可能被改动过，不能恢复：{backup}',
        'the backup holds objects gridkeeper does not create ({names_en}); it may have been tampered with and cannot '
        'be restored: {backup}',
    ),
    'cannot_be_opened': ('无法打开', 'cannot be opened'),
    'integrity_check_failed': ('完整性检查未通过', 'integrity check failed'),
    'no_schema_version': ('没有结构版本', 'no schema version'),
    'tables_are_missing': ('缺少数据表', 'tables are missing'),
    'no_device_identity': ('没有本机身份', 'no device identity'),
    'cannot_be_read': ('无法读取', 'cannot be read'),
    'the_device_record_cannot_be': ('无法读取设备信息', 'the device record cannot be read'),
})

# sync/bundle.py
CATALOGUE.update({
    'not_a_bundle': (
        '这不是 gridkeeper 同步数据包（.gkb）文件，或文件是空的。请确认选择了正确的文件。',
        'This is not a gridkeeper sync bundle (.gkb), or the file is empty. Please check that you picked the right '
        'file.',
    ),
    'truncated_or_damaged': (
        '数据包文件不完整或已损坏（可能复制时 U 盘被拔出）。请让对方重新导出并发送。',
        'The bundle file is incomplete or damaged (perhaps the USB stick was removed while copying). Ask the sender '
        'to export it again.',
    ),
    'not_for_us': (
        '这个数据包不是发给本机的（发给了其他乡镇或设备），或文件已损坏，无法打开。',
        'This bundle was not made for this computer (it is for another township or device), or it is damaged; it '
        'cannot be opened.',
    ),
    'bad_format': (
        '数据包内容格式错误，无法读取。请让对方重新导出。',
        "The bundle's content is malformed and cannot be read. Ask the sender to export it again.",
    ),
    'unknown_sender': (
        '数据包来自未登记的设备。请先在“密钥”中导入并核对该设备的公钥卡片。',
        "The bundle comes from a device that is not enrolled. Import and verify that device's card under Keys "
        "first.",
    ),
    'revoked_sender': (
        '发送该数据包的设备已被停用（吊销），数据包被拒收。',
        'The device that sent this bundle has been revoked; the bundle is refused.',
    ),
    'bad_signature': (
        '数据包签名校验失败：内容被改动过，或不是由所声称的设备生成。数据包被拒收。',
        "The bundle's signature does not verify: it was altered, or it was not made by the device it claims. The "
        "bundle is refused.",
    ),
    'newer_format:the_bundle_was_made_by': (
        '数据包由更新版本的 gridkeeper 生成。请保留该文件，升级软件后再导入。',
        'The bundle was made by a newer gridkeeper. Keep the file and import it after updating the app.',
    ),
    'newer_schema:the_bundle_uses_a_newer': (
        '数据包使用了更新的数据结构版本。请保留该文件，升级软件后再导入。',
        'The bundle uses a newer data schema. Keep the file and import it after updating the app.',
    ),
    'payload_hash_mismatch': (
        '数据包内容与其清单不符（校验值错误），数据包被拒收。',
        "The bundle's content does not match its manifest (checksum mismatch); the bundle is refused.",
    ),
    'empty_payload': ('数据包没有内容，无法导入。', 'The bundle has no content to import.'),
    'payload_too_large': (
        '数据包内容过大，超过允许的上限，已拒收。',
        "The bundle's content is larger than the allowed limit; it is refused.",
    ),
    'bad_identity': ('本机解密密钥无效，无法打开数据包。', "This device's decryption key is invalid."),
    'bad_recipient': (
        '收件设备的加密公钥无效，无法生成数据包。',
        "A recipient's encryption key is invalid; the bundle cannot be written.",
    ),
})

# sync/changeset.py
CATALOGUE.update({
    'bad_changeset': ('同步数据内容无效：{problem}', 'the sync data is not valid: {problem}'),
    'too_large:over_the_mb_limit': ('数据超过 {mb} MB 的上限', 'over the {mb} MB limit'),
    'too_large:more_than_values': ('数据项超过 {n} 个的上限', 'more than {n} values'),
    'too_large:more_than_records': ('记录数超过 {n} 条的上限', 'more than {n} records'),
    'bad_changeset:bad_content': ('内容格式错误（{error}）', 'bad content ({error})'),
    'bad_changeset:not_valid_data': ('不是有效的数据', 'not valid data'),
    'bad_changeset:unsupported_format': ('格式版本不受支持', 'unsupported change-set format'),
    'bad_changeset:bad_device_list': ('设备列表无效', 'bad device list'),
    'bad_changeset:unknown_table': ('未知的表 {table}', 'unknown table {table}'),
    'bad_changeset:unknown_fields': ('{table} 含未知字段', '{table} has unknown fields'),
    'bad_changeset:bad_conflict_entry': ('冲突记录格式错误', 'bad conflict entry'),
    'bad_changeset:bad_history_entry': ('修改记录格式错误', 'bad history entry'),
    'bad_changeset:duplicate_records': ('记录重复', 'duplicate records'),
    'bad_changeset:bad_record': ('记录格式错误', 'bad record'),
    'bad_changeset:bad_version_stamp': ('版本信息格式错误', 'bad version stamp'),
    'bad_changeset:text_too_long': ('文字过长', 'text too long'),
})

# sync/enrolment.py
CATALOGUE.update({
    'bad_card': (
        '公钥卡片文件无效：{detail}。请向对方重新索取文件。',
        'The public card file is not valid: {detail}. Ask the other side for the file again.',
    ),
    'no_file': ('文件不存在：{p}', 'file not found: {p}'),
    'bad_card:the_file_is_too_large': ('文件过大，不是公钥卡片', 'the file is too large to be a public card'),
    'wrong_card': (
        '网格员电脑只能导入乡镇的公钥卡片，这是另一台网格员电脑的登记申请',
        "a worker laptop imports the township's card; this is another laptop's request",
    ),
    'bad_args': (
        '网格员电脑导入乡镇卡片时不指定网格（网格由乡镇分配）',
        "--area is for the township; a worker's grid is assigned by the township",
    ),
    'other_township': ('本机已信任乡镇“{other_1}”，不能再信任另一个乡镇', "this laptop already trusts the township '{other_1}'"),
    'wrong_card:the_township_imports_enrolment_requests': (
        '乡镇只能导入网格员电脑的登记申请',
        'the township imports enrolment requests from laptops',
    ),
    'no_areas': ('请用 --area 指定这台电脑负责的网格', 'say which areas this laptop covers with --area'),
    'no_area:no_such_area': ('没有这个网格：{a}', 'no such area: {a}'),
    'too_large_or_not_a': ('文件过大或不是公钥卡片', 'too large or not a card'),
    'not_a_gridkeeper_card': ('不是 gridkeeper 公钥卡片', 'not a gridkeeper card'),
    'unsupported_version_update_the_app': ('版本不受支持（可能需要升级软件）', 'unsupported version (update the app?)'),
    'wrong_fields_missing_unexpected': (
        '字段不符（缺少 {missing}，多余 {extra}）',
        'wrong fields (missing {missing}, unexpected {extra})',
    ),
    'kind_and_role_do_not': ('类型与角色不一致', 'kind and role do not match'),
    'bad_device_id': ('设备编号格式错误', 'bad device id'),
    'bad_device_name': ('设备名称无效', 'bad device name'),
    'bad_creation_time': ('创建时间无效', 'bad creation time'),
    'bad_area_list': ('网格列表无效', 'bad area list'),
    'a_township_card_carries_no': ('乡镇卡片不应包含网格列表', 'a township card carries no areas'),
    'bad_recovery_key': ('恢复密钥格式错误', 'bad recovery key'),
    'fingerprint_does_not_match_the': ('指纹与公钥不符', 'fingerprint does not match the keys'),
    'signature_check_failed_edited_or': ('签名校验失败，文件已被改动或损坏', 'signature check failed: edited or damaged'),
    'not_valid_json_damaged': ('不是有效的 JSON 文件（可能已损坏）', 'not valid JSON (damaged?)'),
    'bad_signing_key': ('签名公钥无效', 'bad signing key'),
    'bad_encryption_key': ('加密公钥无效', 'bad encryption key'),
    'bad_signature_encoding': ('签名格式错误', 'bad signature encoding'),
})

# sync/escrow.py
CATALOGUE.update({
    'not_township': ('只有乡镇数据库保存恢复密钥', 'only a township database holds recovery keys'),
    'no_escrow': (
        '乡镇没有这台电脑（{device_id}）的恢复密钥：它登记时数据库未加密，或登记申请来自旧版本',
        'the township has no recovery key for device {device_id} (its database was not encrypted when it enrolled, or '
        'the request came from an older version)',
    ),
    'bad_escrow': ('恢复密钥已损坏或不属于这台电脑', 'the recovery key is damaged or belongs to another device'),
    'no_database:database_file_not_found': ('数据库文件不存在：{target}', 'database file not found: {target}'),
    'not_encrypted:this_database_is_not_encrypted': (
        '这个数据库没有加密，不需要恢复口令',
        'this database is not encrypted; there is no passphrase to recover',
    ),
    'wrong_key:this_database_file_does_not': (
        '这个数据库文件不属于设备 {device_id}，无法用它的恢复密钥打开',
        'this database file does not belong to device {device_id}; its recovery key does not open it',
    ),
})

# sync/keys.py
CATALOGUE.update({
    'bad_passphrase': (
        '口令不正确，无法打开本机密钥。请重新输入。',
        'The passphrase is not correct; the device keys could not be opened. Please try again.',
    ),
    'newer_format': (
        '密钥文件由更新版本的 gridkeeper 生成，请先升级软件。',
        'The key file was written by a newer gridkeeper; please update the app.',
    ),
    'no_keys': ('本机密钥缺失', "this device's keys are missing"),
    'empty_passphrase': (
        '乡镇密钥必须设置口令，新口令不能为空',
        'the township keys must have a passphrase; the new passphrase cannot be empty',
    ),
    'passphrase_required': ('本机密钥受口令保护，请输入口令。', 'The device keys are protected; please enter the passphrase.'),
    'bad_secrets': (
        '本机密钥文件已损坏或不是 gridkeeper 密钥文件，无法读取。',
        'The device key file is damaged or is not a gridkeeper key file{detail}.',
    ),
    'passphrase_strength:empty': ('口令不能为空', 'the passphrase cannot be empty'),
    'passphrase_strength:weak': (
        '弱：太短或太单一。建议至少 10 个字符，混合汉字、字母、数字或符号',
        'weak: too short or too uniform. Use at least 10 characters mixing Chinese, letters, digits or symbols',
    ),
    'passphrase_strength:strong': ('强', 'strong'),
    'passphrase_strength:fair': ('中：再长一些或多几种字符会更安全', 'fair: longer or more varied would be safer'),
})

# sync/new_database.py
CATALOGUE.update({
    'exists:the_file_already_exists_and': (
        '文件已存在，不会覆盖：{p}',
        'the file already exists and will not be overwritten: {p}',
    ),
})

# sync/review.py
CATALOGUE.update({
    'this_conflict_is_already_resolved': ('这个冲突已处理或不存在', 'this conflict is already resolved or does not exist'),
    'this_conflict_entry_is_damaged': ('这个冲突记录已损坏', 'this conflict entry is damaged'),
    'this_quarantined_change_is_already': ('这条隔离记录已处理或不存在', 'this quarantined change is already handled'),
    'this_quarantined_entry_is_damaged': ('这条隔离记录已损坏', 'this quarantined entry is damaged'),
})

# sync/screen.py: the reasons a worker's record is refused (the codes are stored, the labels shown)
CATALOGUE.update({
    'rejection:out_of_scope': ('超出登记网格范围', "outside the device's areas"),
    'rejection:area_record': ('区域只能由乡镇修改', "areas are the township's"),
    'rejection:township_record': ('只能由乡镇修改的记录（如词表）', 'records only the township writes (e.g. vocabularies)'),
    'rejection:forged_writer': ('冒用其他设备的修改', "written in another device's name"),
    'rejection:bad_value': ('内容不符合要求', 'invalid value'),
    'rejection:bad_text': ('文字无效或过长', 'invalid or over-long text'),
    'rejection:bad_ref': ('引用了范围外或不存在的记录', 'refers to a record outside the areas or missing'),
    'rejection:bad_id': ('记录编号无效', 'malformed record id'),
    'rejection:id_taken': ('记录编号已被其他记录使用', 'record id already used by another record'),
    'rejection:bad_seen': ('版本信息无效', 'invalid version stamps'),
    'rejection:bad_history': ('修改记录无效', 'invalid audit-trail entry'),
    'rejection:bad_record': ('记录格式错误', 'malformed record'),
})

# sync/service.py
CATALOGUE.update({
    'applied_unchanged_conflicts_quarantined_rejected': (
        '{name}（{o_sender_name}）：应用 {r_applied} 项，未变 {'
        'r_unchanged} 项，冲突 {r_conflicts}，隔离 {r_quarant'
        'ined}，拒绝 {r_rejected}',
        '{name} ({o_sender_name}): applied {r_applied}, unchanged {r_unchanged}, conflicts {r_conflicts}, quarantined '
        '{r_quarantined}, rejected {r_rejected}',
    ),
    'no_township': (
        '还没有导入乡镇的公钥卡片（.gkpub），无法导出同步包',
        "import the township's public card (.gkpub) before exporting a bundle",
    ),
    'bad_args:the_township_exports_a_return': (
        '乡镇导出返回包时请用 --for 指定网格员电脑',
        'the township exports a return bundle for one laptop: use --for DEVICE',
    ),
    'not_enrolled': ('设备“{dev_name}”未登记或已吊销', "device '{dev_name}' is not enrolled (status {dev_status})"),
    'refused': ('拒绝 {name}：{o_message}', 'refused {name}: {o_message}'),
    'already_merged_nothing_changed': ('{name}：已合并过，本次没有变化', '{name}: already merged, nothing changed'),
    'bad_args:a_worker_laptop_exports_for': (
        '网格员电脑只向乡镇导出，不需要 --for',
        'a worker laptop exports for its township; --for is for the township',
    ),
    'merging_failed_nothing_of_this': (
        '合并时出错，这个文件没有合并（{detail}）',
        'merging failed, nothing of this file was merged ({detail})',
    ),
    'this_bundle_was_exported_by': ('这是本机自己导出的同步包，不需要合并', 'this bundle was exported by this device itself'),
    'the_township_merges_bundles_from': ('乡镇只合并网格员电脑的同步包', 'the township merges bundles from worker laptops'),
    'a_worker_laptop_merges_return': ('网格员电脑只合并乡镇发来的返回包', 'a worker laptop merges return bundles from its township'),
})

# domain/casework.py
CATALOGUE.update({
    'solved_before_it_was_received': ('解决日期早于受理日期', 'solved before it was received'),
    'closed_before_it_was_solved': ('办结日期早于解决日期', 'closed before it was solved'),
    'the_deadline_is_before_the': ('整改期限早于发现日期', 'the deadline is before the hazard was found'),
    'rectified_before_it_was_found': ('整改完成日期早于发现日期', 'rectified before it was found'),
    're_checked_before_it_was': ('复查日期早于发现日期', 're-checked before it was found'),
    're_checked_before_it_was_2': ('复查日期早于整改完成日期', 're-checked before it was rectified'),
    'closed_before_it_was_found': ('销号日期早于发现日期', 'closed before it was found'),
    'closed_before_it_was_re': ('销号日期早于复查日期', 'closed before it was re-checked'),
    'unknown_status': ('未知状态：{new}', 'unknown status: {new}'),
    'a_cannot_go_from_to': (
        '{kind_zh}状态不能从“{vocab_zh_old}”改为“{vocab_zh_new}”（可改为：{allowed}）',
        'a {kind_en} cannot go from {old} to {new}',
    ),
    'escalating_needs_a_note_to': ('上报上级须写明上报情况（报给谁、为什么）', 'escalating needs a note (to whom, and why)'),
    'the_step_is_dated_before': ('环节日期早于受理（发现）日期', 'the step is dated before the case began'),
    'a_solved_request_needs_what': ('已解决的诉求须填写办理结果', 'a solved request needs what was done'),
    'a_solved_request_needs_the': ('已解决的诉求须填写解决日期', 'a solved request needs the date it was solved'),
    'closing_needs_the_resident_s': (
        '办结前须有居民评价（满意、基本满意、不满意，或注明无法联系）',
        "closing needs the resident's feedback (satisfied, mostly, not satisfied, or 'resident unreachable')",
    ),
    'a_closed_request_needs_its': ('办结的诉求须填写办结日期', 'a closed request needs its closing date'),
    'a_rectified_hazard_needs_what': ('已整改的隐患须填写整改情况', 'a rectified hazard needs what was done'),
    'a_rectified_hazard_needs_the': ('已整改的隐患须填写整改完成日期', 'a rectified hazard needs the date it was rectified'),
    'closing_needs_a_re_check': ('销号前须复查：请填写复查日期', 'closing needs a re-check: enter its date'),
    'closing_needs_a_re_check_2': ('销号前须复查：请填写复查结果', 'closing needs a re-check: enter its result'),
    'a_closed_hazard_needs_its': ('销号须填写销号日期', 'a closed hazard needs its closing date'),
})

# store/requests.py, store/hazards.py: the timeline's events
CATALOGUE.update({
    'timeline_received': ('受理：{content}', 'received: {content}'),
    'timeline_found': ('发现：{description}', 'found: {description}'),
    'timeline_step': ('{step_zh}：{who}{content}', '{step}: {who}{content}'),
    'timeline_closed': ('办结（{satisfaction_zh}）', 'closed ({satisfaction})'),
    'timeline_deadline': ('整改期限', 'deadline'),
})

# store/disputes.py: the timeline's events (received is timeline_received)
CATALOGUE.update({
    'timeline_mediation': ('调解：{who}{content}', 'mediation: {who}{content}'),
    'timeline_mediation_result': ('调解：{who}{content}（{result}）', 'mediation: {who}{content} ({result})'),
    'timeline_dispute_closed': ('{status_zh}：{agreement}', '{status}: {agreement}'),
    'timeline_followup': ('回访：{result}', 'follow-up: {result}'),
    'timeline_followup_due': ('待回访', 'follow-up due'),
})

# domain/people_rules.py
CATALOGUE.update({
    'arrival_is_before_the_birth': ('来本地日期早于出生日期', 'arrival is before the birth date'),
    'the_residence_permit_must_expire': ('居住证有效期至应晚于签发日期', 'the residence permit must expire after it was issued'),
    'the_residence_permit_must_expire_2': (
        '居住证有效期至应晚于来本地日期',
        'the residence permit must expire after the arrival date',
    ),
    'the_residence_permit_was_issued': ('居住证签发日期早于来本地日期', 'the residence permit was issued before the person arrived'),
    'the_expected_departure_is_before': ('预计离开日期早于来本地日期', 'the expected departure is before the arrival'),
    'residence_permit_dates_need_the': ('填写居住证日期时须填写居住证号码', 'residence permit dates need the permit number'),
    'a_service_lasts_between_1': ('服务时长应在1分钟到24小时之间', 'a service lasts between 1 minute and 24 hours'),
    'a_redemption_spends_at_least': ('兑换积分至少为1分', 'a redemption spends at least 1 point'),
    'a_code_is_lowercase_letters': (
        '代码只能用小写英文字母、数字和下划线，以字母开头，最多40个字符',
        'a code is lowercase letters, digits and underscores, starting with a letter, at most 40 characters',
    ),
})

# spreadsheets/import_requests.py
CATALOGUE.update({
    'is_not_one_of_the_2': ('“{text}”不是可选值（可选：{choices}）', '{text!r} is not one of the choices'),
    'the_request_sheet_lacks_columns': ('诉求表缺少必需的列：{names}', 'the request sheet lacks columns: {join_missing}'),
})

# store/casework.py
CATALOGUE.update({
    'the_linked_record_does_not': ('所关联的{t_zh}记录不存在或已删除', 'the linked {t_en} record does not exist'),
})

# store/floating.py
CATALOGUE.update({
    'the_arrival_is_before_this': (
        '来本地日期早于此人上次离开的日期（{left}）',
        "the arrival is before this person's last departure ({left})",
    ),
    'the_arrival_is_before_the': ('来本地日期早于出生日期', 'the arrival is before the birth date'),
    'the_departure_is_before_the': ('离开日期早于来本地日期（{arrived}）', 'the departure is before the arrival ({arrived})'),
})

# store/points.py
CATALOGUE.update({
    'not_enough_points_the_balance': (
        '积分不足：现有 {now} 分，这次会减少 {change} 分，余额将为 {now_change} 分',
        'not enough points: the balance is {now}, this takes {change}, leaving {now_change}',
    ),
})

# store/tags.py
CATALOGUE.update({
    'is_not_a_tag_in': ('“{s}”不是可用的标注（可选：{offered}）', "'{s}' is not a tag in use"),
    'only_the_township_edits_the': (
        '标注词表只能由乡镇修改，会随返回包发到各网格',
        'only the township edits the tag vocabulary; it reaches the workers in return bundles',
    ),
    'a_tag_named_already_exists': ('已有名称为“{clean_zh}”的标注', "a tag named '{clean_zh}' already exists"),
    'no_such_tag': ('没有这个标注：{code}', 'no such tag: {code}'),
})

# ui/people_dialogs.py
CATALOGUE.update({
    'choose_the_person': ('请选择人员', 'choose the person'),
    'choose_the_volunteer': ('请选择志愿者', 'choose the volunteer'),
})

# cli_casework.py
CATALOGUE.update({
    'requests_new_unchanged_bad_rows': (
        '诉求新增 {c_created} 条，不变 {c_unchanged} 条，有错误 {c_bad} 行',
        'requests: {c_created} new, {c_unchanged} unchanged, {c_bad} bad rows',
    ),
    'row_problem_line': ('第 {p_row} 行 [{p_column}]：{p_message}', 'row {p_row} [{p_column}]: {p_message}'),
    'gridkeeper_bad_rows_nothing_imported': (
        'gridkeeper：{len_bad} 行有错误，未导入任何数据（改正后重新导入，或用 --skip-bad 只导入正确的行）',
        'gridkeeper: {len_bad} bad rows, nothing imported (fix them, or use --skip-bad)',
    ),
    'imported_prefix': ('已导入：', 'imported: '),
    'bad_rows_were_not_imported': (
        '{len_bad} 行有错误未导入，已写到 {side}，改正后可再次导入',
        '{len_bad} bad rows were not imported; they are in {side} to fix and import again',
    ),
    'dry_run_nothing_written': ('（预览，未写入）', '(dry run, nothing written)'),
})

# ui/unlock.py
CATALOGUE.update({
    'the_passphrases_do_not_match': ('两次输入的口令不一致', 'the passphrases do not match'),
})
