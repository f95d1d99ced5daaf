<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
    <context>
        <name>App</name>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="64" />
            <source>网格员台账</source>
            <translation>gridkeeper</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="75" />
            <source>这台电脑的系统时间比本数据库上次记录的时间早了约 {hours:.1f} 小时。请先核对电脑的日期和时间，否则新的修改可能在同步时被当作旧数据。</source>
            <translation>This computer's clock is about {hours:.1f} hours behind the last time this database recorded. Please check the date and time first, or new edits may lose to older ones when syncing.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="110" />
            <source>加密数据库</source>
            <translation>Encrypt the database</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="111" />
            <source>从这个版本起，数据库在磁盘上加密保存：电脑丢失时，别人读不到居民信息。
请设置数据库口令（每次启动时输入）。转换前会先做备份，原来未加密的文件会被覆盖删除。
忘记口令时，乡镇可以用登记时保存的恢复密钥帮您重设（登记后生效）。</source>
            <translation>From this version on the database is encrypted on disk: a lost laptop leaks no resident data.
Set a database passphrase (asked at every start). A backup is made first; the old unencrypted file is overwritten and deleted.
If you forget it, the township can reset it with the recovery key it keeps from enrolment (once enrolled).</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="115" />
            <source>未打开</source>
            <translation>Not opened</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="116" />
            <source>数据库需要先加密才能打开。下次启动时可以再设置口令。</source>
            <translation>The database must be encrypted before it opens. You can set the passphrase at the next start.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="121" />
            <source>加密失败</source>
            <translation>Encryption failed</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="146" />
            <source>无法打开数据库</source>
            <translation>Cannot open the database</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="172" />
            <source>系统时间异常</source>
            <translation>System clock</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="207" />
            <source>演示数据库（未加密）</source>
            <translation>demo database (not encrypted)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="207" />
            <source>数据库未加密</source>
            <translation>database not encrypted</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="228" />
            <location filename="../../gridkeeper/ui/app.py" line="233" />
            <source>数据库文件损坏</source>
            <translation>Damaged database</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="229" />
            <source>没有找到可用的备份。请向乡镇索取返回包，在新数据库中合并。</source>
            <translation>No usable backup was found. Ask the township for a return bundle and merge it into a new database.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="234" />
            <source>是否从最近的备份恢复（{created}，{persons} 人）？
恢复后请合并乡镇的返回包，补齐之后的数据。</source>
            <translation>Restore the latest backup ({created}, {persons} persons)?
Then merge the township's return bundle to bring it up to date.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="242" />
            <source>恢复失败</source>
            <translation>Restore failed</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="262" />
            <source>乡镇密钥受口令保护。请输入口令（合并、导出同步包时需要）：</source>
            <translation>The township keys are protected. Passphrase (needed to merge and export bundles):</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="264" />
            <source>输入口令</source>
            <translation>Passphrase</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="270" />
            <source>请重新输入：</source>
            <translation>Try again:</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/app.py" line="311" />
            <source>提醒</source>
            <translation>Reminder</translation>
        </message>
    </context>
    <context>
        <name>AreaDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="54" />
            <source>层级</source>
            <translation>Level</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="55" />
            <source>名称</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="56" />
            <source>编码</source>
            <translation>Code</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="57" />
            <source>网格员</source>
            <translation>Grid worker</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="58" />
            <source>网格员电话</source>
            <translation>Grid worker phone</translation>
        </message>
    </context>
    <context>
        <name>AreasTab</name>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="120" />
            <source>新增下级…</source>
            <translation>Add sub-area…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="121" />
            <source>改名 / 网格员…</source>
            <translation>Rename / grid worker…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="122" />
            <source>移动到…</source>
            <translation>Move to…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="123" />
            <source>撤销…</source>
            <translation>Dissolve…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="124" />
            <source>从表格导入…</source>
            <translation>Import from spreadsheet…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="154" />
            <source>名称</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="154" />
            <source>层级</source>
            <translation>Level</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="154" />
            <source>编码</source>
            <translation>Code</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="154" />
            <source>网格员</source>
            <translation>Grid worker</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="155" />
            <source>电话</source>
            <translation>Phone</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="182" />
            <source>共 {0} 个村/社区，{1} 个网格。</source>
            <translation>{0} villages/communities, {1} grids.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="238" />
            <source>新增区域</source>
            <translation>New area</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="258" />
            <source>修改区域</source>
            <translation>Edit area</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="282" />
            <source>移动区域</source>
            <translation>Move area</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="284" />
            <source>没有可以放置这个区域的其他上级。</source>
            <translation>There is no other parent this area can be moved under.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="286" />
            <source>把“{0}”移到哪个上级之下？</source>
            <translation>Move "{0}" under which parent?</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="303" />
            <source>（不移动：这个区域没有记录）</source>
            <translation>(Don't move: this area has no records)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="306" />
            <source>撤销区域</source>
            <translation>Dissolve area</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="307" />
            <source>撤销“{0}”及其下级区域。它们的户、人员、走访、纠纷等记录要移到哪个网格？</source>
            <translation>Dissolve "{0}" and its sub-areas. Which grid should their households, people, visits, disputes and other records move to?</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="318" />
            <source>已撤销“{0}”，移动了 {1} 条记录。</source>
            <translation>Dissolved "{0}"; {1} records moved.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="324" />
            <source>选择网格划分表</source>
            <translation>Choose a grid layout spreadsheet</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="325" />
            <source>表格 (*.xlsx *.csv);;所有文件 (*)</source>
            <translation>Spreadsheets (*.xlsx *.csv);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="331" />
            <source>导入网格划分表</source>
            <translation>Import grid layout</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="333" />
            <source>正在导入 {0} …</source>
            <translation>Importing {0}…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="339" />
            <source>表格有 {0} 行有问题，没有导入任何区域。请改正后再导入。</source>
            <translation>{0} rows of the sheet have problems; no areas were imported. Please fix them and import again.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="342" />
            <source>已导入：新增 {0} 个村/社区，新增 {1} 个网格，更新 {2} 个网格。</source>
            <translation>Imported: {0} new villages/communities, {1} new grids, {2} grids updated.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="356" />
            <source>第 {0} 行：{1}</source>
            <translation>Row {0}: {1}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/areas.py" line="357" />
            <source>导入问题（按表格行号）：</source>
            <translation>Import problems (by sheet row):</translation>
        </message>
    </context>
    <context>
        <name>ArrivalDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="79" />
            <source>登记来本地</source>
            <translation>Record arrival</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="87" />
            <source>例如 河南省周口市</source>
            <translation>e.g. Zhoukou, Henan</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="95" />
            <source>人员</source>
            <translation>Person</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="95" />
            <source>来本地日期</source>
            <translation>Arrived on</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="96" />
            <source>户籍地</source>
            <translation>Registered home</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="96" />
            <source>事由</source>
            <translation>Reason</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="97" />
            <source>居住证号码</source>
            <translation>Residence permit no.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="97" />
            <source>居住证签发日期</source>
            <translation>Permit issued on</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="98" />
            <source>居住证有效期至</source>
            <translation>Permit valid until</translation>
        </message>
    </context>
    <context>
        <name>BackupsDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="27" />
            <source>备份与恢复</source>
            <translation>Backup and restore</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="29" />
            <source>时间</source>
            <translation>Time</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="29" />
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="29" />
            <source>人员</source>
            <translation>Persons</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="29" />
            <source>户数</source>
            <translation>Households</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="30" />
            <source>文件</source>
            <translation>File</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="31" />
            <source>恢复所选备份…</source>
            <translation>Restore selected backup…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="33" />
            <source>备份到U盘…</source>
            <translation>Back up to USB drive…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="35" />
            <source>每天第一次打开、每次合并和导入之前都会自动备份。恢复前会先保存当前状态。</source>
            <translation>A backup is made automatically at the first start of each day and before every merge and import. The current state is saved before a restore.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="40" />
            <source>每日</source>
            <translation>Daily</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="40" />
            <source>合并前</source>
            <translation>Before merge</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="40" />
            <source>导入前</source>
            <translation>Before import</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="41" />
            <source>恢复前</source>
            <translation>Before restore</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="41" />
            <source>升级前</source>
            <translation>Before upgrade</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="42" />
            <source>手动</source>
            <translation>Manual</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="49" />
            <source>（已损坏）</source>
            <translation>(damaged) </translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="55" />
            <source>恢复</source>
            <translation>Restore</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="55" />
            <source>请先选择一个备份</source>
            <translation>Please select a backup first</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="61" />
            <source>不能恢复这个备份</source>
            <translation>This backup cannot be restored</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="66" />
            <source>这个备份属于另一台设备 {other}，不是本数据库的设备 {this}。

</source>
            <translation>This backup belongs to another device {other}, not to this database's device {this}.

</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="68" />
            <source>恢复备份</source>
            <translation>Restore backup</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="63" />
            <source>用 {when} 的备份替换当前数据？当前状态会先另存为一个备份。</source>
            <translation>Replace the current data with the backup from {when}? The current state is saved as a backup first.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="74" />
            <source>恢复失败</source>
            <translation>Restore failed</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="78" />
            <source>已恢复</source>
            <translation>Restored</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="79" />
            <source>已恢复。之后在乡镇录入或更正的数据，可以合并乡镇的返回包补齐。</source>
            <translation>Restored. Data entered or corrected at the township since then can be brought back by merging the township's return bundle.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="82" />
            <source>选择U盘或文件夹</source>
            <translation>Choose a USB drive or folder</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="96" />
            <source>备份失败</source>
            <translation>Backup failed</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="98" />
            <source>已备份</source>
            <translation>Backed up</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/backups_dialog.py" line="98" />
            <source>已保存到 {path}</source>
            <translation>Saved to {path}</translation>
        </message>
    </context>
    <context>
        <name>CareIntervalsDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/care_intervals_dialog.py" line="23" />
            <source>关爱走访周期</source>
            <translation>Care visit intervals</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_intervals_dialog.py" line="24" />
            <source>关爱对象没有单独填写走访周期时，按关爱等级使用下面的天数。到期走访列表、关爱对象表单和重点人群花名册都按这里计算。</source>
            <translation>When a care subject has no visit interval of its own, the days below apply by care level. The due list, the care-subject form and the special-care roster all use them.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_intervals_dialog.py" line="33" />
            <source> 天</source>
            <translation> days</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_intervals_dialog.py" line="37" />
            <source>这个设置只保存在本机数据库里，不会随同步包发给网格员。</source>
            <translation>This setting is kept in this database only; sync bundles do not carry it to the workers.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_intervals_dialog.py" line="54" />
            <source>无法保存</source>
            <translation>Cannot save</translation>
        </message>
    </context>
    <context>
        <name>CareTab</name>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="28" />
            <source>逾期 1 天</source>
            <translation>1 day overdue</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="29" />
            <source>逾期 {n} 天</source>
            <translation>{n} days overdue</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="31" />
            <source>今天到期</source>
            <translation>due today</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="33" />
            <source>1 天后</source>
            <translation>in 1 day</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="34" />
            <source>{n} 天后</source>
            <translation>in {n} days</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="44" />
            <source>全部类别</source>
            <translation>All categories</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="47" />
            <source>只看到期/逾期</source>
            <translation>Due/overdue only</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="51" />
            <location filename="../../gridkeeper/ui/care_tab.py" line="168" />
            <location filename="../../gridkeeper/ui/care_tab.py" line="169" />
            <source>记录走访</source>
            <translation>Record visit</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="53" />
            <source>编辑关爱对象</source>
            <translation>Edit care subject</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="54" />
            <source>删除</source>
            <translation>Delete</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="56" />
            <location filename="../../gridkeeper/ui/care_tab.py" line="67" />
            <source>类别</source>
            <translation>Category</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="66" />
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="68" />
            <source>关爱等级</source>
            <translation>Care level</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="69" />
            <source>周期(天)</source>
            <translation>Interval (days)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="70" />
            <source>上次走访</source>
            <translation>Last visit</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="70" />
            <source>未走访</source>
            <translation>never visited</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="71" />
            <source>下次走访</source>
            <translation>Next due</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="72" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="73" />
            <source>监护人电话</source>
            <translation>Guardian phone</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="84" />
            <source>走访历史</source>
            <translation>Visit history</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="128" />
            <source>{0} 人，逾期 {1} 人</source>
            <translation>{0} people, {1} overdue</translation>
        </message>
    </context>
    <context>
        <name>CaseworkPanel</name>
        <message>
            <location filename="../../gridkeeper/ui/casework_panel.py" line="57" />
            <source>全部状态</source>
            <translation>All statuses</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/casework_panel.py" line="58" />
            <source>未办结</source>
            <translation>Open</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/casework_panel.py" line="63" />
            <source>全部类别</source>
            <translation>All categories</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/casework_panel.py" line="68" />
            <source>全部</source>
            <translation>All</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/casework_panel.py" line="69" />
            <source>已逾期</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/casework_panel.py" line="70" />
            <source>本周到期</source>
            <translation>Due this week</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/casework_panel.py" line="73" />
            <source>搜索内容、姓名、编号</source>
            <translation>Search text, name, number</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/casework_panel.py" line="77" />
            <source>编辑</source>
            <translation>Edit</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/casework_panel.py" line="79" />
            <source>删除</source>
            <translation>Delete</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/casework_panel.py" line="133" />
            <source>办理过程</source>
            <translation>Steps</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/casework_panel.py" line="189" />
            <source>最近 {0} 条（可用筛选缩小范围），其中逾期 {1} 条</source>
            <translation>The newest {0} rows (filter to narrow), {1} overdue</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/casework_panel.py" line="191" />
            <source>共 {0} 条，逾期 {1} 条</source>
            <translation>{0} rows, {1} overdue</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/casework_panel.py" line="227" />
            <source>选择左侧的一条记录查看详情</source>
            <translation>Select a record on the left to see its details</translation>
        </message>
    </context>
    <context>
        <name>DeleteHouseholdDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/delete_household.py" line="23" />
            <source>删除户</source>
            <translation>Delete household</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/delete_household.py" line="27" />
            <source>“{0}”还有 {1} 名成员：{2}。删除这一户时，这些成员怎么办？</source>
            <translation>'{0}' still has {1} members: {2}. What should happen to them when the household is deleted?</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/delete_household.py" line="30" />
            <source>把成员移到另一户：</source>
            <translation>Move the members to another household:</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/delete_household.py" line="38" />
            <source>连同 {0} 名成员一起删除</source>
            <translation>Delete the {0} members too</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/delete_household.py" line="50" />
            <source>可以用 Ctrl+Z 撤销（户和成员一起恢复）。</source>
            <translation>Ctrl+Z undoes this (the household and its members come back together).</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/delete_household.py" line="53" />
            <source>删除</source>
            <translation>Delete</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/delete_household.py" line="55" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>DeletedDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/deleted_dialog.py" line="20" />
            <source>已删除的记录</source>
            <translation>Deleted records</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/deleted_dialog.py" line="22" />
            <source>删除时间</source>
            <translation>Deleted at</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/deleted_dialog.py" line="22" />
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/deleted_dialog.py" line="22" />
            <source>记录</source>
            <translation>Record</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/deleted_dialog.py" line="22" />
            <source>设备</source>
            <translation>Device</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/deleted_dialog.py" line="24" />
            <source>恢复所选</source>
            <translation>Restore selected</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/deleted_dialog.py" line="26" />
            <source>修改记录…</source>
            <translation>Change history…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/deleted_dialog.py" line="28" />
            <source>删除的记录不会真正消失：可以在这里查看是谁、何时删除的，并恢复。</source>
            <translation>Deleted records are never really gone: see who deleted them and when, and restore them here.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/deleted_dialog.py" line="36" />
            <source>没有已删除的记录。删除的户、人员、房屋等会列在这里，可以恢复。</source>
            <translation>Nothing has been deleted. Deleted households, residents, houses and so on are listed here and can be restored.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/deleted_dialog.py" line="47" />
            <source>恢复</source>
            <translation>Restore</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/deleted_dialog.py" line="47" />
            <source>请先选择要恢复的记录</source>
            <translation>Select the records to restore first</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/deleted_dialog.py" line="53" />
            <source>无法恢复</source>
            <translation>Cannot restore</translation>
        </message>
    </context>
    <context>
        <name>DepartureDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="114" />
            <source>登记离开</source>
            <translation>Record departure</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="120" />
            <source>离开日期</source>
            <translation>Left on</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="121" />
            <source>去往</source>
            <translation>Going to</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="122" />
            <source>事由</source>
            <translation>Reason</translation>
        </message>
    </context>
    <context>
        <name>DevicesTab</name>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="131" />
            <source>导入登记申请…</source>
            <translation>Import enrolment request…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="133" />
            <source>吊销所选设备…</source>
            <translation>Revoke selected device…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="136" />
            <source>导出乡镇卡片…</source>
            <translation>Export township card…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="166" />
            <source>已登记 {0} 台网格员电脑，吊销 {1} 台。</source>
            <translation>{0} grid worker computers enrolled, {1} revoked.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="189" />
            <source>选择登记申请</source>
            <translation>Choose an enrolment request</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="190" />
            <source>登记申请 (*.gkpub);;所有文件 (*)</source>
            <translation>Enrolment requests (*.gkpub);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="196" />
            <source>登记网格员电脑</source>
            <translation>Enrol grid worker computer</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="203" />
            <source>这不是网格员电脑的登记申请（可能是乡镇卡片）。</source>
            <translation>This is not a grid worker computer's enrolment request (it may be a township card).</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="214" />
            <source>已登记：{0}。请给它写一个返回包（合并收件箱 → 写出全部返回包）。</source>
            <translation>Enrolled: {0}. Write it a return bundle (Merge inbox → Write all return bundles).</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="222" />
            <source>吊销设备</source>
            <translation>Revoke device</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="224" />
            <source>请先在列表中选择一台设备。</source>
            <translation>Please select a device in the list first.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="227" />
            <source>这台设备已经吊销。</source>
            <translation>This device is already revoked.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="230" />
            <source>确定吊销“{0}”吗？
吊销后这台电脑的同步包一律拒收，也不能再次登记。（电脑丢失或被盗时使用）</source>
            <translation>Revoke "{0}"?
All sync bundles from this computer will be rejected and it cannot be enrolled again. (Use when a computer is lost or stolen.)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="241" />
            <source>已吊销：{0}</source>
            <translation>Revoked: {0}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="247" />
            <source>保存乡镇卡片</source>
            <translation>Save township card</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="248" />
            <source>公钥卡片 (*.gkpub)</source>
            <translation>Public card (*.gkpub)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="258" />
            <location filename="../../gridkeeper/ui/township/devices.py" line="260" />
            <source>导出乡镇卡片</source>
            <translation>Export township card</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="261" />
            <source>已保存：{0}
指纹：{1}
网格员导入后请电话核对这个指纹。</source>
            <translation>Saved: {0}
Fingerprint: {1}
After grid workers import it, confirm this fingerprint with them by phone.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="118" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="115" />
            <source>已登记</source>
            <translation>Enrolled</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="115" />
            <source>已吊销</source>
            <translation>Revoked</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="115" />
            <source>本机（乡镇）</source>
            <translation>This computer (township)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="117" />
            <source>名称</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="119" />
            <source>负责网格</source>
            <translation>Grids</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="120" />
            <source>最近收到同步包</source>
            <translation>Last bundle received</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="120" />
            <source>从未</source>
            <translation>never</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="121" />
            <source>时钟</source>
            <translation>Clock</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="122" />
            <source>（有隔离的修改）</source>
            <translation> (changes quarantined)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="123" />
            <source>指纹</source>
            <translation>Fingerprint</translation>
        </message>
    </context>
    <context>
        <name>DisputesTab</name>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="41" />
            <source>全部状态</source>
            <translation>All statuses</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="42" />
            <source>未办结</source>
            <translation>Open</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="47" />
            <source>登记纠纷</source>
            <translation>Register dispute</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="49" />
            <source>编辑</source>
            <translation>Edit</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="50" />
            <source>删除</source>
            <translation>Delete</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="52" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="69" />
            <source>开始调解</source>
            <translation>Start mediation</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="69" />
            <source>调解成功</source>
            <translation>Resolved</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="70" />
            <source>调解未成功</source>
            <translation>Mediation failed</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="70" />
            <source>移交</source>
            <translation>Transfer</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="71" />
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="214" />
            <source>添加当事人</source>
            <translation>Add party</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="71" />
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="225" />
            <source>添加调解记录</source>
            <translation>Add mediation step</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="72" />
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="253" />
            <source>安排回访</source>
            <translation>Schedule follow-up</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="72" />
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="266" />
            <source>记录回访</source>
            <translation>Record follow-up</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="108" />
            <source>当事人</source>
            <translation>Parties</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="111" />
            <source>调解过程</source>
            <translation>Mediation steps</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="154" />
            <source>选择左侧的一件纠纷查看详情</source>
            <translation>Select a dispute on the left to see its details</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/disputes_tab.py" line="161" />
            <source>{0}　{1}　{2}
{3}
调解人：{4}</source>
            <translation>{0}  {1}  {2}
{3}
Mediator: {4}</translation>
        </message>
    </context>
    <context>
        <name>EnrolDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="50" />
            <source>登记网格员电脑</source>
            <translation>Enrol grid worker computer</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="52" />
            <source>电脑名称：{0}</source>
            <translation>Computer name: {0}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="60" />
            <source>请打电话给这台电脑的网格员，让对方读出其电脑上显示的指纹，与上面的指纹逐字核对。不一致时不要登记（文件可能被调换）。</source>
            <translation>Phone this computer's grid worker, have them read out the fingerprint shown on their computer and compare it with the one above character by character. Do not enrol if they differ (the file may have been swapped).</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="63" />
            <source>我已电话核对，指纹一致</source>
            <translation>I checked by phone: the fingerprints match</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="75" />
            <source>登记</source>
            <translation>Enrol</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="82" />
            <source>指纹：</source>
            <translation>Fingerprint: </translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="86" />
            <source>这台电脑负责的网格：</source>
            <translation>Grids this computer is responsible for:</translation>
        </message>
    </context>
    <context>
        <name>FirstRunDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="36" />
            <source>欢迎使用网格员台账 gridkeeper</source>
            <translation>Welcome to gridkeeper</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="37" />
            <source>这台电脑还没有数据库。请选择：</source>
            <translation>This computer has no database yet. Choose:</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="38" />
            <source>网格员电脑</source>
            <translation>Grid worker laptop</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="40" />
            <source>乡镇网格中心</source>
            <translation>Township grid centre</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="52" />
            <location filename="../../gridkeeper/ui/first_run.py" line="115" />
            <source>例如：王秀英的电脑</source>
            <translation>e.g. Wang Xiuying's laptop</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="55" />
            <source>可选：乡镇公钥卡片 .gkpub</source>
            <translation>Optional: township card .gkpub</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="56" />
            <source>选择…</source>
            <translation>Choose…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="67" />
            <source>合并、导出同步包时需要输入</source>
            <translation>Needed to merge and export bundles</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="81" />
            <source>这台电脑是</source>
            <translation>This computer is</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="82" />
            <source>电脑名称</source>
            <translation>Computer name</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="83" />
            <source>乡镇卡片</source>
            <translation>Township card</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="84" />
            <source>数据库口令</source>
            <translation>Database passphrase</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="85" />
            <source>再输入一次</source>
            <translation>Type it again</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="87" />
            <source>数据库位置：</source>
            <translation>Database location: </translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="89" />
            <source>创建数据库</source>
            <translation>Create database</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="91" />
            <source>打开演示数据</source>
            <translation>Open demo data</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="93" />
            <source>打开已有数据库…</source>
            <translation>Open existing database…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="115" />
            <source>例如：下花园镇网格中心</source>
            <translation>e.g. Xiahuayuan township grid centre</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="127" />
            <source>乡镇密钥必须设置口令。请牢记：忘记口令将无法合并和导出同步包。</source>
            <translation>The township keys must have a passphrase. Remember it: without it, bundles cannot be merged or exported.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="129" />
            <source>数据库加密保存，每次启动时输入口令。忘记口令时，乡镇可以用恢复密钥帮您重设。</source>
            <translation>The database is stored encrypted; you enter the passphrase at every start. If you forget it, the township can reset it with the recovery key.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="133" />
            <source>口令强度：</source>
            <translation>Passphrase strength: </translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="135" />
            <source>两次输入的口令不一致</source>
            <translation>The two passphrases do not match</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="140" />
            <source>选择乡镇公钥卡片</source>
            <translation>Choose the township card</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="141" />
            <source>公钥卡片 (*.gkpub);;所有文件 (*)</source>
            <translation>Public card (*.gkpub);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="155" />
            <source>请为乡镇密钥设置口令：口令不能为空。</source>
            <translation>Please set a passphrase for the township keys: it cannot be empty.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="156" />
            <source>请设置数据库口令：口令不能为空。</source>
            <translation>Please set a database passphrase: it cannot be empty.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="158" />
            <source>两次输入的口令不一致，请重新输入。</source>
            <translation>The two passphrases do not match; please type them again.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="160" />
            <location filename="../../gridkeeper/ui/first_run.py" line="172" />
            <source>无法创建数据库</source>
            <translation>Cannot create the database</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="188" />
            <source>演示网格员电脑</source>
            <translation>Demo worker laptop</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="195" />
            <source>无法创建演示数据</source>
            <translation>Cannot create the demo data</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="201" />
            <source>打开数据库</source>
            <translation>Open database</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/first_run.py" line="202" />
            <source>gridkeeper 数据库 (*.db);;所有文件 (*)</source>
            <translation>gridkeeper database (*.db);;All files (*)</translation>
        </message>
    </context>
    <context>
        <name>FloatingTab</name>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="36" />
            <source>登记来本地</source>
            <translation>Record arrival</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="38" />
            <source>登记离开</source>
            <translation>Record departure</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="41" />
            <source>月份</source>
            <translation>Month</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="71" />
            <source>本月来</source>
            <translation>Arrived this month</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="71" />
            <source>本月离</source>
            <translation>Left this month</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="72" />
            <source>居住证到期</source>
            <translation>Permits expiring</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="72" />
            <source>在住流动人口</source>
            <translation>Floating residents</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="88" />
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="89" />
            <source>联系电话</source>
            <translation>Phone</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="90" />
            <source>现住址</source>
            <translation>Address</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="110" />
            <source>本月来 {0} 人，离开 {1} 人；居住证到期 {2} 人；在住流动人口 {3} 人</source>
            <translation>{0} arrived this month, {1} left; {2} permits expiring; {3} floating residents</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="136" />
            <source>请先在列表中选中要登记离开的人</source>
            <translation>Select the person who left in the list first</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="49" />
            <location filename="../../gridkeeper/ui/floating_tab.py" line="64" />
            <source>来本地日期</source>
            <translation>Arrived on</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="50" />
            <source>户籍地/来自</source>
            <translation>Home / from</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="51" />
            <location filename="../../gridkeeper/ui/floating_tab.py" line="65" />
            <source>事由</source>
            <translation>Reason</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="54" />
            <source>离开日期</source>
            <translation>Left on</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="55" />
            <source>去往</source>
            <translation>Going to</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="57" />
            <source>居住证号码</source>
            <translation>Residence permit no.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="58" />
            <source>有效期至</source>
            <translation>Valid until</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="59" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="59" />
            <source>已过期 {0} 天</source>
            <translation>expired {0} days ago</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="60" />
            <source>{0} 天后到期</source>
            <translation>expires in {0} days</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="63" />
            <source>户籍地</source>
            <translation>Registered home</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="66" />
            <source>居住证有效期至</source>
            <translation>Permit valid until</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/floating_tab.py" line="66" />
            <source>未办理</source>
            <translation>none</translation>
        </message>
    </context>
    <context>
        <name>HazardsTab</name>
        <message>
            <location filename="../../gridkeeper/ui/hazards_tab.py" line="50" />
            <source>逾期</source>
            <translation>overdue</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/hazards_tab.py" line="55" />
            <source>村/社区</source>
            <translation>Village/community</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/hazards_tab.py" line="55" />
            <source>网格</source>
            <translation>Grid</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/hazards_tab.py" line="56" />
            <source>责令整改</source>
            <translation>Order rectification</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/hazards_tab.py" line="56" />
            <source>整改完成</source>
            <translation>Rectified</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/hazards_tab.py" line="56" />
            <source>复查</source>
            <translation>Re-check</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/hazards_tab.py" line="57" />
            <source>销号</source>
            <translation>Close</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/hazards_tab.py" line="57" />
            <source>上报上级</source>
            <translation>Escalate</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/hazards_tab.py" line="57" />
            <location filename="../../gridkeeper/ui/hazards_tab.py" line="180" />
            <source>记录</source>
            <translation>Record</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/hazards_tab.py" line="63" />
            <location filename="../../gridkeeper/ui/hazards_tab.py" line="131" />
            <source>登记隐患</source>
            <translation>New hazard</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/hazards_tab.py" line="97" />
            <source>{0}　{1}　{2}　{3}
{4}
地点：{5}
责任人：{6}　期限：{7}</source>
            <translation>{0}  {1}  {2}  {3}
{4}
Where: {5}
Responsible: {6}  Deadline: {7}</translation>
        </message>
    </context>
    <context>
        <name>HelpDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="21" />
            <source>帮助</source>
            <translation>Help</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="28" />
            <source>按键</source>
            <translation>Key</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="28" />
            <source>作用</source>
            <translation>Does</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="37" />
            <location filename="../../gridkeeper/ui/help_dialog.py" line="74" />
            <source>使用说明</source>
            <translation>User guide</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="38" />
            <source>快捷键</source>
            <translation>Keyboard shortcuts</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="49" />
            <source>第一次使用</source>
            <translation>First use</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="50" />
            <source>网格员：从U盘导入乡镇发来的公钥卡片（同步 ▸ 导入乡镇卡片），再导出本机登记申请（同步 ▸ 导出本机登记申请），交给乡镇。</source>
            <translation>Grid worker: import the township's public card from the USB stick (Sync ▸ Import township card), then export this laptop's enrolment request (Sync ▸ Export enrolment request) and hand it to the township.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="51" />
            <source>乡镇为这台电脑分配网格后，会给一个返回同步包；合并它（同步 ▸ 合并同步包），网格和已有的户、人员就出现在左边。</source>
            <translation>Once the township has assigned this laptop its grid, it gives you a return bundle; merge it (Sync ▸ Merge bundles) and the grid with its households and residents appears on the left.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="52" />
            <source>已有 Excel 花名册：文件 ▸ 导入表格。有问题的行会按行号列出，改好表格再导入一次即可。</source>
            <translation>An existing Excel roster: File ▸ Import spreadsheet. Bad rows are listed by row number; fix the sheet and import it again.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="53" />
            <source>日常工作</source>
            <translation>Daily work</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="54" />
            <source>户与人员：选中左边的网格，点“新增”登记一户，再添加成员；填好身份证号会自动填出生日期和性别。</source>
            <translation>Households and residents: select the grid on the left, click New to register a household, then add its members; a valid ID number fills in the birth date and gender.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="55" />
            <source>重点关爱：在人员上标记关爱对象；“到期走访”列表里双击即可记录走访。</source>
            <translation>Special care: mark a resident as a care subject; double-click in the due list to record a visit.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="56" />
            <source>矛盾纠纷：登记当事人和每次调解；编号自动生成。</source>
            <translation>Disputes: register the parties and each mediation; the number is given automatically.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="57" />
            <source>查找：在左上角输入姓名、拼音首字母（如 zgl）、身份证后几位或电话。</source>
            <translation>Search: type a name, pinyin initials (e.g. zgl), the last digits of an ID number or a phone number at the top left.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="58" />
            <source>月底</source>
            <translation>Month end</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="59" />
            <source>文件 ▸ 打印台账：选台账、月份和网格；打印前会显示要打印多少条。身份证号默认只打印前 6 位和后 4 位。</source>
            <translation>File ▸ Print ledger: choose the ledger, month and grid; the dialog shows how many rows will be printed. ID numbers print only their first 6 and last 4 digits by default.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="60" />
            <source>同步 ▸ 导出同步包，存到U盘交给乡镇。没有确认收到的内容会一直包含在同步包里，丢了U盘也不会丢数据。</source>
            <translation>Sync ▸ Export bundle to a USB stick for the township. Everything not yet acknowledged stays in every bundle, so a lost stick loses nothing.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="61" />
            <source>出了错怎么办</source>
            <translation>When something goes wrong</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="62" />
            <source>误删或改错：编辑 ▸ 撤销（Ctrl+Z）。过了几天才发现：编辑 ▸ 已删除的记录，或选中记录后看“修改记录”。</source>
            <translation>Deleted or changed something by mistake: Edit ▸ Undo (Ctrl+Z). Noticed days later: Edit ▸ Deleted records, or select the record and open its change history.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="63" />
            <source>电脑坏了：在新电脑上重新登记，乡镇的返回包会把网格的数据补回来。每天第一次打开时也会自动备份（文件 ▸ 备份与恢复）。</source>
            <translation>The laptop died: enrol a new one; the township's return bundle brings the grid's data back. A backup is also made at the first start of each day (File ▸ Backup and restore).</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="72" />
            <source>新增（当前页的记录）</source>
            <translation>New (a record of the current tab)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="72" />
            <source>删除所选记录</source>
            <translation>Delete the selected record</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="72" />
            <source>撤销</source>
            <translation>Undo</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="73" />
            <source>查找</source>
            <translation>Find</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="73" />
            <source>修改记录</source>
            <translation>Change history</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="73" />
            <source>在表单中保存</source>
            <translation>Save, in a form</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="74" />
            <source>打印台账</source>
            <translation>Print ledger</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="74" />
            <source>打开数据库</source>
            <translation>Open database</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/help_dialog.py" line="75" />
            <source>关闭对话框（不保存）</source>
            <translation>Close a dialog (without saving)</translation>
        </message>
    </context>
    <context>
        <name>HistoryDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="25" />
            <source>修改记录</source>
            <translation>Change history</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="33" />
            <source>{kind}：{title}</source>
            <translation>{kind}: {title}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="34" />
            <source>时间</source>
            <translation>Time</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="34" />
            <source>设备</source>
            <translation>Device</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="34" />
            <source>操作人</source>
            <translation>Operator</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="34" />
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="35" />
            <source>改动</source>
            <translation>Changes</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="36" />
            <source>恢复这条记录</source>
            <translation>Restore this record</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="39" />
            <source>导出修改记录…</source>
            <translation>Export change history…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="45" />
            <source>新建</source>
            <translation>Create</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="45" />
            <source>修改</source>
            <translation>Update</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="45" />
            <source>删除</source>
            <translation>Delete</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="46" />
            <source>恢复</source>
            <translation>Restore</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="59" />
            <source>无法恢复</source>
            <translation>Cannot restore</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="66" />
            <source>导出修改记录（文件不加密，请妥善保管）</source>
            <translation>Export change history (the file is not encrypted; keep it safe)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="68" />
            <source>Excel 文件 (*.xlsx);;CSV 文件 (*.csv)</source>
            <translation>Excel files (*.xlsx);;CSV files (*.csv)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="74" />
            <source>导出失败</source>
            <translation>Export failed</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="76" />
            <source>已导出</source>
            <translation>Exported</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/history_dialog.py" line="76" />
            <source>已导出 {n} 条修改记录</source>
            <translation>Exported {n} change records</translation>
        </message>
    </context>
    <context>
        <name>HouseholdsTab</name>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="44" />
            <source>户</source>
            <translation>Households</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="45" />
            <source>人员</source>
            <translation>Persons</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="46" />
            <source>房屋</source>
            <translation>Houses</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="52" />
            <location filename="../../gridkeeper/ui/households_tab.py" line="182" />
            <source>新增户</source>
            <translation>New household</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="54" />
            <source>编辑</source>
            <translation>Edit</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="55" />
            <source>删除</source>
            <translation>Delete</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="66" />
            <source>标注</source>
            <translation>Tags</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="87" />
            <location filename="../../gridkeeper/ui/households_tab.py" line="265" />
            <source>添加成员</source>
            <translation>Add member</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="90" />
            <location filename="../../gridkeeper/ui/households_tab.py" line="279" />
            <source>标为重点关爱</source>
            <translation>Mark for special care</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="94" />
            <source>登记诉求</source>
            <translation>New request</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="98" />
            <source>登记隐患</source>
            <translation>New hazard</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="182" />
            <source>新增人员</source>
            <translation>New person</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="183" />
            <source>新增房屋</source>
            <translation>New house</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="192" />
            <source>选择左侧的一条记录查看详情</source>
            <translation>Select a record on the left to see its details</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="199" />
            <source>户号 {0}　{1}
房屋：{2}
成员 {3} 人</source>
            <translation>Household {0}  {1}
House: {2}
{3} members</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="201" />
            <location filename="../../gridkeeper/ui/households_tab.py" line="217" />
            <source>未登记</source>
            <translation>not recorded</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="210" />
            <source>重点关爱：</source>
            <translation>Special care: </translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="215" />
            <source>标注：</source>
            <translation>Tags: </translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="216" />
            <source>{0}　{1}
所属户：{2}
房屋：{3}</source>
            <translation>{0}  {1}
Household: {2}
House: {3}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/households_tab.py" line="224" />
            <source>{0}
房主：{1}　{2}
居住 {3} 户 {4} 人</source>
            <translation>{0}
Owner: {1}  {2}
{3} households, {4} people living here</translation>
        </message>
    </context>
    <context>
        <name>ImportDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="143" />
            <source>导入表格</source>
            <translation>Import spreadsheet</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="148" />
            <source>选择 .xlsx 或 .csv 文件</source>
            <translation>Choose an .xlsx or .csv file</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="149" />
            <source>选择文件…</source>
            <translation>Choose file…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="156" />
            <source>（按表中“网格”列）</source>
            <translation>(by the sheet's "Grid" column)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="158" />
            <source>跳过错误行（正确的行先导入，错误行另存为文件，改正后再导入）</source>
            <translation>Skip bad rows (good rows are imported now; bad rows are saved to a file to fix and import later)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="162" />
            <source>文件</source>
            <translation>File</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="163" />
            <source>无“网格”列时导入到</source>
            <translation>Without a "Grid" column, import into</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="165" />
            <source>以下列未能识别，请选择对应的字段（不需要的选“忽略”）：</source>
            <translation>These columns were not recognised. Choose the matching field ("Ignore" if not needed):</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="167" />
            <source>表中的列</source>
            <translation>Column in sheet</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="167" />
            <source>对应字段</source>
            <translation>Field</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="177" />
            <source>行号</source>
            <translation>Row</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="177" />
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="177" />
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="178" />
            <source>说明</source>
            <translation>Notes</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="204" />
            <source>导入</source>
            <translation>Import</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="207" />
            <location filename="../../gridkeeper/ui/import_dialog.py" line="380" />
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="246" />
            <source>选择要导入的表格</source>
            <translation>Choose a spreadsheet to import</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="247" />
            <source>表格文件 (*.xlsx *.csv)</source>
            <translation>Spreadsheets (*.xlsx *.csv)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="263" />
            <source>正在读取表格…</source>
            <translation>Reading spreadsheet…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="300" />
            <source>忽略</source>
            <translation>Ignore</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="333" />
            <source>民生诉求表：新增 {created} 条，不变 {unchanged} 条，错误 {bad} 行</source>
            <translation>Resident request list: {created} new, {unchanged} unchanged, {bad} bad rows</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="336" />
            <source>新增 {created} 人，更新 {updated} 人，不变 {unchanged} 人，错误 {bad} 行；新建 {households} 户、{houses} 处房屋；关爱对象新增 {care_created}、更新 {care_updated}</source>
            <translation>{created} new, {updated} updated, {unchanged} unchanged, {bad} bad rows; {households} new households, {houses} new houses; care subjects {care_created} new, {care_updated} updated</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="342" />
            <source>。有错误行时不会导入任何数据：请改正表格，或勾选“跳过错误行”。</source>
            <translation>. Nothing is imported while rows are bad: fix the sheet, or tick 'skip bad rows'.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="346" />
            <source>新增</source>
            <translation>New</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="346" />
            <source>更新</source>
            <translation>Update</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="346" />
            <source>不变</source>
            <translation>Unchanged</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="347" />
            <source>错误</source>
            <translation>Error</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="380" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="397" />
            <source>有错误行，未导入任何数据。</source>
            <translation>Some rows have errors; nothing was imported.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="407" />
            <source>导入完成：新增民生诉求 {created} 条。</source>
            <translation>Imported: {created} new requests.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="409" />
            <source>导入完成：新增 {created} 人，更新 {updated} 人，新建 {households} 户、{houses} 处房屋。</source>
            <translation>Imported: {created} new, {updated} updated, {households} new households, {houses} new houses.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="413" />
            <source>{n} 行错误未导入，已另存为 {file}，改正后可再次导入。</source>
            <translation>{n} bad rows were not imported; they are in {file} to fix and import again.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="421" />
            <source>导入失败，数据库没有任何改动：{err}</source>
            <translation>Import failed; nothing was changed: {err}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="442" />
            <source>导出表格（导出的文件不加密，请妥善保管）</source>
            <translation>Export spreadsheet (the file is not encrypted; keep it safe)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="444" />
            <source>Excel 表格 (*.xlsx);;CSV 文件 (*.csv)</source>
            <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="454" />
            <source>导出完成</source>
            <translation>Exported</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="455" />
            <source>已导出 {n} 行到 {out}</source>
            <translation>Exported {n} rows to {out}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/import_dialog.py" line="458" />
            <source>导出失败</source>
            <translation>Export failed</translation>
        </message>
    </context>
    <context>
        <name>InboxTab</name>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="76" />
            <source>把同步包（.gkb）或装有同步包的文件夹拖到这里，或者：</source>
            <translation>Drop sync bundles (.gkb) or a folder of bundles here, or:</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="77" />
            <source>选择同步包…</source>
            <translation>Choose bundles…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="78" />
            <source>选择文件夹…</source>
            <translation>Choose folder…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="81" />
            <source>写出全部返回包…</source>
            <translation>Write all return bundles…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="93" />
            <source>%v / %m</source>
            <translation>%v / %m</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="95" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="103" />
            <source>还没有合并同步包。</source>
            <translation>No sync bundles merged yet.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="134" />
            <source>已合并</source>
            <translation>Merged</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="136" />
            <source>已合并过</source>
            <translation>Already merged</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="137" />
            <source>拒绝：</source>
            <translation>Rejected: </translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="160" />
            <source>选择同步包</source>
            <translation>Choose bundles</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="161" />
            <source>同步包 (*.gkb);;所有文件 (*)</source>
            <translation>Sync bundles (*.gkb);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="166" />
            <source>选择装有同步包的文件夹</source>
            <translation>Choose a folder containing sync bundles</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="187" />
            <location filename="../../gridkeeper/ui/township/inbox.py" line="194" />
            <source>合并同步包</source>
            <translation>Merge bundles</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="187" />
            <source>所选位置没有同步包（.gkb 文件）。</source>
            <translation>No sync bundles (.gkb files) found there.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="216" />
            <source>正在取消（当前这个同步包合并完后停止）…</source>
            <translation>Cancelling (stops after the current bundle is merged)…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="227" />
            <source>本次：合并 {0} 个，已合并过 {1} 个，拒绝 {2} 个。</source>
            <translation>This run: {0} merged, {1} already merged, {2} rejected.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="232" />
            <source> 有 {0} 个冲突、{1} 项隔离的修改等待审核。</source>
            <translation> {0} conflicts and {1} quarantined changes await review.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="234" />
            <source> 已取消，其余文件没有合并。</source>
            <translation> Cancelled; the remaining files were not merged.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="241" />
            <source>选择保存返回包的文件夹（如U盘）</source>
            <translation>Choose a folder for the return bundles (e.g. a USB drive)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="246" />
            <source>写出返回包</source>
            <translation>Write return bundles</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="253" />
            <source>已写出 {0} 个返回包到 {1}</source>
            <translation>Wrote {0} return bundles to {1}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="110" />
            <source>日期</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="107" />
            <source>文件</source>
            <translation>File</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="108" />
            <source>发送设备</source>
            <translation>Sender</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="109" />
            <source>网格</source>
            <translation>Grid</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="111" />
            <source>结果</source>
            <translation>Result</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="112" />
            <source>应用</source>
            <translation>Applied</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="113" />
            <source>未变</source>
            <translation>Unchanged</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="114" />
            <source>冲突</source>
            <translation>Conflicts</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="115" />
            <source>隔离</source>
            <translation>Quarantined</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/inbox.py" line="116" />
            <source>越权拒收</source>
            <translation>Out of scope</translation>
        </message>
    </context>
    <context>
        <name>LedgerDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="73" />
            <source>打印台账</source>
            <translation>Print ledger</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="90" />
            <source>全部</source>
            <translation>All</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="93" />
            <source>打印身份证全号</source>
            <translation>Print full ID numbers</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="94" />
            <source>默认只打印身份证号前 6 位和后 4 位；全号台账含个人信息，注意保管</source>
            <translation>By default only the first 6 and last 4 digits of ID numbers are printed; a ledger with full numbers holds personal data, keep it safe</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="96" />
            <source>保存为 PDF 文件</source>
            <translation>Save as PDF file</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="97" />
            <source>选择…</source>
            <translation>Choose…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="104" />
            <source>台账</source>
            <translation>Ledger</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="105" />
            <source>月份</source>
            <translation>Month</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="106" />
            <source>区域</source>
            <translation>Area</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="108" />
            <source>输出文件</source>
            <translation>Output file</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="109" />
            <source>PDF 文件不加密：请只保存到自己的电脑或U盘，用完删除。</source>
            <translation>PDF files are not encrypted: save them only on your own computer or USB drive, and delete them when done.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="124" />
            <source>打印</source>
            <translation>Print</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="126" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="171" />
            <source>走访台账</source>
            <translation>Visits ledger</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="171" />
            <source>重点人群花名册</source>
            <translation>Special-care roster</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="172" />
            <source>矛盾纠纷排查调处台账</source>
            <translation>Dispute mediation ledger</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="172" />
            <source>人口底册</source>
            <translation>Household roster</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="173" />
            <source>民生诉求登记台账</source>
            <translation>Resident requests ledger</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="173" />
            <source>问题隐患排查整改台账</source>
            <translation>Hazards ledger</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="174" />
            <source>流动人口登记台账</source>
            <translation>Floating-population ledger</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="174" />
            <source>志愿服务积分台账</source>
            <translation>Volunteer points ledger</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="197" />
            <source>保存台账</source>
            <translation>Save ledger</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="198" />
            <source>PDF 文件 (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="212" />
            <source>正在统计要打印的条数…</source>
            <translation>Counting the rows to print…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="223" />
            <source>将打印 {0} 人（{1} 户）</source>
            <translation>Will print {0} residents ({1} households)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="225" />
            <source>将打印 {0} 名关爱对象</source>
            <translation>Will print {0} care subjects</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="227" />
            <source>将打印本月 {0} 次走访</source>
            <translation>Will print {0} visits of the month</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="229" />
            <source>将打印 {0} 件纠纷</source>
            <translation>Will print {0} disputes</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="231" />
            <source>这个区域本月没有记录，台账只会印一行“本月无”。请检查区域和月份。</source>
            <translation>This area has no records for the month: the ledger would only say "none this month". Check the area and the month.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="251" />
            <source>正在生成台账…</source>
            <translation>Generating ledger…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="269" />
            <source>已生成：{file}（共 {pages} 页）</source>
            <translation>Written: {file} ({pages} pages)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="277" />
            <source>台账已保存</source>
            <translation>Ledger saved</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="278" />
            <source>没有找到能打开 PDF 的程序。台账已保存在：
{0}</source>
            <translation>No program to open PDF files was found. The ledger is saved in:
{0}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/ledger_dialog.py" line="280" />
            <source>打开所在文件夹</source>
            <translation>Open its folder</translation>
        </message>
    </context>
    <context>
        <name>ListPanel</name>
        <message>
            <location filename="../../gridkeeper/ui/panels.py" line="62" />
            <location filename="../../gridkeeper/ui/panels.py" line="150" />
            <source>筛选此列表（姓名、号码、地址…）</source>
            <translation>Filter this list (name, number, address…)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/panels.py" line="118" />
            <source>共 {} 条</source>
            <translation>{} rows</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="97" />
            <source>网格员台账 gridkeeper</source>
            <translation>gridkeeper</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="116" />
            <source>户与人员</source>
            <translation>Households and people</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="117" />
            <source>重点关爱</source>
            <translation>Special care</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="118" />
            <location filename="../../gridkeeper/ui/main_window.py" line="222" />
            <source>走访记录</source>
            <translation>Visits</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="119" />
            <location filename="../../gridkeeper/ui/main_window.py" line="223" />
            <source>矛盾纠纷</source>
            <translation>Disputes</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="122" />
            <location filename="../../gridkeeper/ui/main_window.py" line="223" />
            <source>民生诉求</source>
            <translation>Requests</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="123" />
            <location filename="../../gridkeeper/ui/main_window.py" line="224" />
            <source>问题隐患</source>
            <translation>Hazards</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="126" />
            <source>流动人口</source>
            <translation>Floating population</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="127" />
            <source>志愿积分</source>
            <translation>Volunteer points</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="139" />
            <source>乡镇工作台</source>
            <translation>Township workspace</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="204" />
            <source>文件(&amp;F)</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="205" />
            <source>打开数据库…</source>
            <translation>Open database…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="207" />
            <source>语言 / Language</source>
            <translation>语言 / Language</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="217" />
            <source>打印台账…</source>
            <translation>Print ledger…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="219" />
            <source>导入表格…</source>
            <translation>Import spreadsheet…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="220" />
            <source>导出表格</source>
            <translation>Export spreadsheet</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="221" />
            <source>人口</source>
            <translation>Residents</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="221" />
            <source>户</source>
            <translation>Households</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="222" />
            <source>重点关爱对象</source>
            <translation>Care subjects</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="226" />
            <source>备份与恢复…</source>
            <translation>Backup and restore…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="232" />
            <source>退出</source>
            <translation>Quit</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="233" />
            <source>编辑(&amp;E)</source>
            <translation>&amp;Edit</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="234" />
            <source>撤销</source>
            <translation>Undo</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="235" />
            <source>新增</source>
            <translation>New</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="236" />
            <location filename="../../gridkeeper/ui/main_window.py" line="428" />
            <source>删除</source>
            <translation>Delete</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="238" />
            <source>查找</source>
            <translation>Find</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="240" />
            <source>修改记录…</source>
            <translation>Change history…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="242" />
            <source>已删除的记录…</source>
            <translation>Deleted records…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="246" />
            <source>关爱走访周期…</source>
            <translation>Care visit intervals…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="251" />
            <source>同步(&amp;S)</source>
            <translation>&amp;Sync</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="252" />
            <source>导出同步包…</source>
            <translation>Export bundle…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="253" />
            <source>合并同步包…</source>
            <translation>Merge bundles…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="254" />
            <source>导入乡镇卡片…</source>
            <translation>Import township card…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="255" />
            <location filename="../../gridkeeper/ui/main_window.py" line="601" />
            <source>重建搜索索引</source>
            <translation>Rebuild search index</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="257" />
            <source>导出乡镇公钥卡片…</source>
            <translation>Export the township card…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="257" />
            <source>导出本机登记申请…</source>
            <translation>Export this laptop's enrolment request…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="263" />
            <source>帮助(&amp;H)</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="264" />
            <source>使用说明</source>
            <translation>User guide</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="266" />
            <source>快捷键</source>
            <translation>Keyboard shortcuts</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="267" />
            <location filename="../../gridkeeper/ui/main_window.py" line="699" />
            <source>关于网格通</source>
            <translation>About gridkeeper</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="277" />
            <source>乡镇</source>
            <translation>Township</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="277" />
            <source>网格员</source>
            <translation>Grid worker</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="278" />
            <source>数据库：</source>
            <translation>Database: </translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="280" />
            <source>角色：</source>
            <translation>Role: </translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="290" />
            <source>上次同步：</source>
            <translation>Last sync: </translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="290" />
            <source>从未</source>
            <translation>never</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="378" />
            <source>无法打开</source>
            <translation>Cannot open</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="393" />
            <source>已保存</source>
            <translation>Saved</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="428" />
            <source>确定删除这条{0}记录吗？可以用 Ctrl+Z 撤销。</source>
            <translation>Delete this {0} record? Ctrl+Z undoes it.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="436" />
            <location filename="../../gridkeeper/ui/main_window.py" line="452" />
            <source>无法删除</source>
            <translation>Cannot delete</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="439" />
            <location filename="../../gridkeeper/ui/main_window.py" line="455" />
            <source>已删除（Ctrl+Z 撤销）</source>
            <translation>Deleted (Ctrl+Z to undo)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="460" />
            <source>没有可撤销的操作</source>
            <translation>Nothing to undo</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="466" />
            <source>无法撤销</source>
            <translation>Cannot undo</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="470" />
            <source>已撤销</source>
            <translation>Undone</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="497" />
            <source>乡镇工作台里请用各页自己的按钮</source>
            <translation>In the township workspace, use the buttons of each page</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="501" />
            <source>请先在列表中选择要删除的记录</source>
            <translation>Select the record to delete in the list first</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="510" />
            <source>找不到这条记录（可能已删除）</source>
            <translation>Record not found (deleted?)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="519" />
            <source>打开数据库</source>
            <translation>Open database</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="520" />
            <source>gridkeeper 数据库 (*.db);;所有文件 (*)</source>
            <translation>gridkeeper database (*.db);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="526" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="554" />
            <source>选择保存同步包的文件夹（如U盘）</source>
            <translation>Choose the folder for the bundle (e.g. a USB stick)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="560" />
            <location filename="../../gridkeeper/ui/main_window.py" line="562" />
            <source>导出同步包</source>
            <translation>Export bundle</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="560" />
            <source>同步包已保存：
{0}</source>
            <translation>Bundle saved:
{0}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="568" />
            <source>选择同步包</source>
            <translation>Choose bundles</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="569" />
            <source>同步包 (*.gkb);;所有文件 (*)</source>
            <translation>Sync bundles (*.gkb);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="575" />
            <source>没有合并任何同步包</source>
            <translation>No bundle was merged</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="577" />
            <source>合并结果</source>
            <translation>Merge report</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="578" />
            <source>合并 {0} 个，共 {1} 个文件</source>
            <translation>{0} of {1} files merged</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="580" />
            <source>合并同步包</source>
            <translation>Merge bundles</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="587" />
            <source>选择乡镇公钥卡片</source>
            <translation>Choose the township card</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="588" />
            <source>公钥卡片 (*.gkpub);;所有文件 (*)</source>
            <translation>Public card (*.gkpub);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="594" />
            <location filename="../../gridkeeper/ui/main_window.py" line="597" />
            <source>导入乡镇卡片</source>
            <translation>Import township card</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="597" />
            <source>已信任：{0}
指纹：{1}
请打电话与乡镇核对指纹。</source>
            <translation>Trusted: {0}
Fingerprint: {1}
Please confirm the fingerprint with the township by phone.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="602" />
            <source>搜索索引已重建：{0} 条</source>
            <translation>Search index rebuilt: {0} entries</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="651" />
            <source>请先选择一条记录</source>
            <translation>Please select a record first</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="673" />
            <source>公钥卡片 (*.gkpub)</source>
            <translation>Public card (*.gkpub)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="679" />
            <source>导出失败</source>
            <translation>Export failed</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="681" />
            <source>已导出</source>
            <translation>Exported</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="682" />
            <source>已保存：{0}
指纹：{1}
交给乡镇后，请打电话与乡镇工作人员核对这串数字。</source>
            <translation>Saved: {0}
Fingerprint: {1}
After handing it over, read this number to the township staff by phone.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/main_window.py" line="700" />
            <source>网格通 gridkeeper {0}
网格员离线台账工具：人口、重点关爱、走访、矛盾纠纷，月底打印台账，用加密同步包与乡镇交换数据。不联网。

数据文件夹：{1}
当前数据库：{2}
备份：{3}</source>
            <translation>gridkeeper {0}
Offline record keeping for grid workers: residents, special care, visits, disputes; monthly ledgers; encrypted sync bundles with the township. No network.

Data folder: {1}
Database: {2}
Backups: {3}</translation>
        </message>
    </context>
    <context>
        <name>NextStepsPanel</name>
        <message>
            <location filename="../../gridkeeper/ui/next_steps.py" line="47" />
            <source>下一步：建立乡镇的网格</source>
            <translation>Next: build the township's grids</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/next_steps.py" line="48" />
            <source>先在“乡镇工作台 ▸ 区域管理”里建立村/社区和网格（也可以从表格导入），再导出乡镇公钥卡片交给各网格员，收到登记申请后为他们分配网格。</source>
            <translation>First create the villages/communities and grids in Township workspace ▸ Areas (or import them from a sheet), then export the township card for the grid workers and assign each enrolment request its grid.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/next_steps.py" line="50" />
            <source>区域管理</source>
            <translation>Areas</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/next_steps.py" line="50" />
            <source>导入人口表格…</source>
            <translation>Import residents sheet…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/next_steps.py" line="52" />
            <source>下一步：把本网格的户和人员放进来</source>
            <translation>Next: bring in this grid's households and residents</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/next_steps.py" line="53" />
            <source>① 导入乡镇发来的公钥卡片，导出本机登记申请交给乡镇；② 有 Excel 花名册就导入它，没有就逐户新增。</source>
            <translation>1) Import the township's card and hand this laptop's enrolment request to the township; 2) import your Excel roster if you have one, otherwise add the households one by one.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/next_steps.py" line="55" />
            <source>导入乡镇卡片…</source>
            <translation>Import township card…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/next_steps.py" line="56" />
            <source>导入花名册…</source>
            <translation>Import roster…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/next_steps.py" line="56" />
            <source>新增户…</source>
            <translation>New household…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/next_steps.py" line="57" />
            <source>使用说明</source>
            <translation>User guide</translation>
        </message>
    </context>
    <context>
        <name>OverdraftsBox</name>
        <message>
            <location filename="../../gridkeeper/ui/overdrafts.py" line="28" />
            <source>积分透支（多台电脑同时兑换，待核对）</source>
            <translation>Overdrawn points (redeemed on two laptops at once, to check)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/overdrafts.py" line="28" />
            <source>日期</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/overdrafts.py" line="28" />
            <source>积分</source>
            <translation>Points</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/overdrafts.py" line="29" />
            <source>录入设备</source>
            <translation>Recorded on</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/overdrafts.py" line="32" />
            <source>更正所选兑换</source>
            <translation>Correct the selected redemption</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/overdrafts.py" line="45" />
            <source>{0}：获得 {1}，兑换 {2}，结余 {3}</source>
            <translation>{0}: earned {1}, redeemed {2}, balance {3}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/overdrafts.py" line="62" />
            <location filename="../../gridkeeper/ui/overdrafts.py" line="64" />
            <source>更正兑换</source>
            <translation>Correct redemption</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/overdrafts.py" line="62" />
            <source>请先选中一条兑换记录</source>
            <translation>Select a redemption first</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/overdrafts.py" line="65" />
            <source>实际兑换的积分（填 0 表示这次兑换作废）：</source>
            <translation>Points actually spent (0: the redemption is void):</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/overdrafts.py" line="71" />
            <source>无法更正</source>
            <translation>Cannot correct</translation>
        </message>
    </context>
    <context>
        <name>OverviewTab</name>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="184" />
            <source>正在统计…</source>
            <translation>Counting…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="189" />
            <source>全镇概况</source>
            <translation>Township overview</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="199" />
            <source>合计</source>
            <translation>Total</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="199" />
            <source>{0} 个网格</source>
            <translation>{0} grids</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="206" />
            <source>{0}：{1} 个网格，{2} 户，{3} 人（流动人口 {4}），关爱对象 {5}，本月走访 {6} 次，逾期未访 {7}，纠纷 {8} 件；本月未报送的网格 {9} 个。</source>
            <translation>{0}: {1} grids, {2} households, {3} people ({4} floating), {5} care subjects, {6} visits this month, {7} overdue, {8} disputes; {9} grids have not reported this month.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="210" />
            <source>逾期未访（按村/社区）</source>
            <translation>Overdue visits (by village/community)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="211" />
            <source>矛盾纠纷（按状态）</source>
            <translation>Disputes (by status)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="143" />
            <source>网格</source>
            <translation>Grid</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="126" />
            <source>刷新</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="132" />
            <source>月份</source>
            <translation>Month</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="135" />
            <source>粉色底 = 本月没有收到同步包的网格</source>
            <translation>Pink = no sync bundle received from the grid this month</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="142" />
            <source>村/社区</source>
            <translation>Village/community</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="144" />
            <source>网格员</source>
            <translation>Grid worker</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="145" />
            <source>户数</source>
            <translation>Households</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="146" />
            <source>人数</source>
            <translation>People</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="147" />
            <source>流动人口</source>
            <translation>Floating</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="148" />
            <source>关爱对象</source>
            <translation>Care subjects</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="149" />
            <source>本月走访</source>
            <translation>Visits this month</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="150" />
            <source>逾期未访</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="153" />
            <source>纠纷·</source>
            <translation>Disputes: </translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="155" />
            <source>本月报送</source>
            <translation>Reported this month</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="156" />
            <source>已报送</source>
            <translation>Yes</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="156" />
            <source>未报送</source>
            <translation>No</translation>
        </message>
    </context>
    <context>
        <name>PassphraseFields</name>
        <message>
            <location filename="../../gridkeeper/ui/unlock.py" line="84" />
            <source>至少 6 个字符</source>
            <translation>at least 6 characters</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/unlock.py" line="85" />
            <source>数据库口令</source>
            <translation>Database passphrase</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/unlock.py" line="86" />
            <source>再输入一次</source>
            <translation>Type it again</translation>
        </message>
    </context>
    <context>
        <name>PeopleOverviewTab</name>
        <message>
            <location filename="../../gridkeeper/ui/township/people.py" line="96" />
            <source>正在统计…</source>
            <translation>Counting…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/people.py" line="101" />
            <source>人口与志愿</source>
            <translation>People &amp; volunteers</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/people.py" line="114" />
            <source>在住流动人口 {0} 人，本月来 {1} 人、离开 {2} 人，居住证30天内到期或已过期 {3} 人；志愿者 {4} 人，累计积分 {5}，已兑换 {6}，积分透支待核对 {7} 人。
人员标注：{8}</source>
            <translation>{0} floating residents; {1} arrived and {2} left this month; {3} residence permits expired or expiring within 30 days; {4} volunteers, {5} points earned, {6} redeemed, {7} overdrafts to check.
Tags: {8}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/people.py" line="117" />
            <source>（无）</source>
            <translation>(none)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/people.py" line="122" />
            <source>近12个月来本地（人）</source>
            <translation>Arrivals, last 12 months</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/people.py" line="123" />
            <source>近12个月离开（人）</source>
            <translation>Departures, last 12 months</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/people.py" line="45" />
            <source>刷新</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/people.py" line="58" />
            <location filename="../../gridkeeper/ui/township/people.py" line="69" />
            <source>村/社区</source>
            <translation>Village/community</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/people.py" line="47" />
            <source>显示志愿积分排行（按村）</source>
            <translation>Show the volunteer points board (per village)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/people.py" line="59" />
            <source>本月来</source>
            <translation>Arrived this month</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/people.py" line="60" />
            <source>本月离</source>
            <translation>Left this month</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/people.py" line="61" />
            <source>近12个月来</source>
            <translation>Arrived (12 months)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/people.py" line="62" />
            <source>近12个月离</source>
            <translation>Left (12 months)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/people.py" line="70" />
            <source>第{0}名</source>
            <translation>No. {0}</translation>
        </message>
    </context>
    <context>
        <name>PersonPicker</name>
        <message>
            <location filename="../../gridkeeper/ui/people_widgets.py" line="95" />
            <source>姓名/身份证号筛选</source>
            <translation>Filter by name / ID</translation>
        </message>
    </context>
    <context>
        <name>PointsTab</name>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="39" />
            <source>记录服务</source>
            <translation>Record service</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="41" />
            <source>记录兑换</source>
            <translation>Record redemption</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="77" />
            <source>删除所选明细</source>
            <translation>Delete the selected line</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="121" />
            <source>志愿者 {0} 人，累计积分 {1}，已兑换 {2}</source>
            <translation>{0} volunteers, {1} points earned, {2} redeemed</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="135" />
            <source>积分明细：{0}</source>
            <translation>Statement: {0}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="136" />
            <source>选择左侧的志愿者查看积分明细</source>
            <translation>Pick a volunteer on the left to see their statement</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="145" />
            <source>删除这条明细？
{0}　{1}　{2} 分</source>
            <translation>Delete this line?
{0}  {1}  {2} points</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="146" />
            <source>删除明细</source>
            <translation>Delete line</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="151" />
            <source>无法删除</source>
            <translation>Cannot delete</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="55" />
            <source>志愿者</source>
            <translation>Volunteer</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="56" />
            <source>服务次数</source>
            <translation>Services</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="57" />
            <source>服务时长(小时)</source>
            <translation>Hours served</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="58" />
            <source>获得积分</source>
            <translation>Earned</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="59" />
            <source>已兑换</source>
            <translation>Redeemed</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="60" />
            <location filename="../../gridkeeper/ui/points_tab.py" line="70" />
            <source>结余</source>
            <translation>Balance</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="65" />
            <source>日期</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="66" />
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="66" />
            <source>服务</source>
            <translation>Service</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="66" />
            <source>兑换</source>
            <translation>Redemption</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="67" />
            <source>内容</source>
            <translation>What</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="68" />
            <source>时长(小时)</source>
            <translation>Hours</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/points_tab.py" line="69" />
            <source>积分</source>
            <translation>Points</translation>
        </message>
    </context>
    <context>
        <name>RecordDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/editors.py" line="351" />
            <source>编辑</source>
            <translation>Edit</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/editors.py" line="351" />
            <source>新增</source>
            <translation>New</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/editors.py" line="357" />
            <source>保存</source>
            <translation>Save</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/editors.py" line="359" />
            <source>保存 (Ctrl+S)</source>
            <translation>Save (Ctrl+S)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/editors.py" line="360" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/editors.py" line="371" />
            <source>标注</source>
            <translation>Tags</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/editors.py" line="405" />
            <location filename="../../gridkeeper/ui/editors.py" line="409" />
            <source>无法保存</source>
            <translation>Cannot save</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/editors.py" line="409" />
            <source>保存失败：{e}</source>
            <translation>Saving failed: {e}</translation>
        </message>
    </context>
    <context>
        <name>RecordForm</name>
        <message>
            <location filename="../../gridkeeper/ui/editors.py" line="221" />
            <source>例如 2026-11-27</source>
            <translation>e.g. 2026-11-27</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/editors.py" line="226" />
            <source>留空按关爱等级：</source>
            <translation>Leave empty to use the care level's default: </translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/editors.py" line="227" />
            <source>{0} {1} 天</source>
            <translation>{0} {1} days</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/editors.py" line="325" />
            <source>请填写：</source>
            <translation>Please fill in: </translation>
        </message>
    </context>
    <context>
        <name>RedemptionDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="177" />
            <source>记录积分兑换</source>
            <translation>Record a redemption</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="189" />
            <source>例如 食用油一桶</source>
            <translation>e.g. a bottle of cooking oil</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="194" />
            <source>志愿者</source>
            <translation>Volunteer</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="194" />
            <source>现有积分</source>
            <translation>Balance now</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="195" />
            <source>兑换日期</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="195" />
            <source>兑换点</source>
            <translation>Shop</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="196" />
            <source>兑换物品</source>
            <translation>Goods</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="196" />
            <source>兑换积分</source>
            <translation>Points spent</translation>
        </message>
    </context>
    <context>
        <name>RefPicker</name>
        <message>
            <location filename="../../gridkeeper/ui/editors.py" line="55" />
            <source>筛选</source>
            <translation>Filter</translation>
        </message>
    </context>
    <context>
        <name>RequestsTab</name>
        <message>
            <location filename="../../gridkeeper/ui/requests_tab.py" line="50" />
            <source>期限</source>
            <translation>Due</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/requests_tab.py" line="50" />
            <source>逾期</source>
            <translation>overdue</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/requests_tab.py" line="54" />
            <source>村/社区</source>
            <translation>Village/community</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/requests_tab.py" line="54" />
            <source>网格</source>
            <translation>Grid</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/requests_tab.py" line="55" />
            <source>分派（部门反应）</source>
            <translation>Route (department)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/requests_tab.py" line="55" />
            <source>响应（志愿者）</source>
            <translation>Respond (volunteers)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/requests_tab.py" line="56" />
            <source>问题解决</source>
            <translation>Solved</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/requests_tab.py" line="56" />
            <source>居民反馈</source>
            <translation>Resident's feedback</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/requests_tab.py" line="57" />
            <location filename="../../gridkeeper/ui/requests_tab.py" line="179" />
            <source>办理记录</source>
            <translation>Note</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/requests_tab.py" line="63" />
            <location filename="../../gridkeeper/ui/requests_tab.py" line="130" />
            <source>登记诉求</source>
            <translation>New request</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/requests_tab.py" line="97" />
            <source>未分派</source>
            <translation>not routed</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/requests_tab.py" line="98" />
            <source>{0}　{1}　{2}
{3}
诉求人：{4}　{5}
承办：{6}</source>
            <translation>{0}  {1}  {2}
{3}
Resident: {4}  {5}
Routed to: {6}</translation>
        </message>
    </context>
    <context>
        <name>ReviewTab</name>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="140" />
            <location filename="../../gridkeeper/ui/township/review.py" line="171" />
            <location filename="../../gridkeeper/ui/township/review.py" line="195" />
            <source>记录</source>
            <translation>Record</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="140" />
            <location filename="../../gridkeeper/ui/township/review.py" line="171" />
            <source>表 / 字段</source>
            <translation>Table / field</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="140" />
            <source>当前值</source>
            <translation>Current value</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="140" />
            <source>当前值来自</source>
            <translation>Current from</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="141" />
            <source>另一值</source>
            <translation>Other value</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="141" />
            <source>另一值来自</source>
            <translation>Other from</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="149" />
            <source>对所选全部保留最新</source>
            <translation>Keep newest for selected</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="152" />
            <source>全选</source>
            <translation>Select all</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="171" />
            <source>值</source>
            <translation>Value</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="171" />
            <source>声称的修改时间</source>
            <translation>Claimed change time</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="171" />
            <location filename="../../gridkeeper/ui/township/review.py" line="195" />
            <source>发送设备</source>
            <translation>Sender</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="176" />
            <source>这些修改的时间比本机时间晚很多（那台电脑的日期可能设错了）。接受则按现在的时间写入。</source>
            <translation>These changes are dated well ahead of this computer's clock (that computer's date may be wrong). Accepted changes are written with the current time.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="179" />
            <source>接受所选</source>
            <translation>Accept selected</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="182" />
            <source>拒绝所选</source>
            <translation>Reject selected</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="195" />
            <source>收到时间</source>
            <translation>Received</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="195" />
            <source>表</source>
            <translation>Table</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="195" />
            <source>内容</source>
            <translation>Content</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="195" />
            <source>原因</source>
            <translation>Reason</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="201" />
            <source>超出发送设备登记网格范围的修改，合并时已拒收（只供查看）。</source>
            <translation>Changes outside the sending device's enrolled grids were rejected at merge (view only).</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="234" />
            <source>冲突（{0}）</source>
            <translation>Conflicts ({0})</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="235" />
            <source>隔离的修改（{0}）</source>
            <translation>Quarantined changes ({0})</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="236" />
            <source>越权拒收的修改（{0}）</source>
            <translation>Out-of-scope changes ({0})</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="143" />
            <source>保留当前</source>
            <translation>Keep current</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="146" />
            <source>采用另一值</source>
            <translation>Use other</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="160" />
            <source>两台设备同时改了同一项：选中记录或其中一项，再选保留哪个值（绿色较新）；结果随返回包发给网格员。</source>
            <translation>Two devices changed the same item: select a record or one of its fields, then choose which value to keep (green is newer); the decision goes back to the workers in the return bundle.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="264" />
            <location filename="../../gridkeeper/ui/township/review.py" line="291" />
            <source>{0} 项：{1}</source>
            <translation>{0} fields: {1}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="275" />
            <source>（新记录）</source>
            <translation>(new record) </translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="300" />
            <source>超出登记网格范围</source>
            <translation>Outside enrolled grids</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="330" />
            <location filename="../../gridkeeper/ui/township/review.py" line="339" />
            <location filename="../../gridkeeper/ui/township/review.py" line="346" />
            <location filename="../../gridkeeper/ui/township/review.py" line="354" />
            <location filename="../../gridkeeper/ui/township/review.py" line="364" />
            <source>处理冲突</source>
            <translation>Resolve conflicts</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="339" />
            <source>请先在冲突列表中选择要处理的记录（可按 Ctrl 或 Shift 多选）。</source>
            <translation>Select the records to settle in the conflict list first (Ctrl or Shift selects several).</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="354" />
            <source>请先在冲突列表中选择要处理的行（可按 Ctrl 或 Shift 多选）。</source>
            <translation>First select rows in the conflict list (Ctrl or Shift to select several).</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="368" />
            <location filename="../../gridkeeper/ui/township/review.py" line="374" />
            <location filename="../../gridkeeper/ui/township/review.py" line="384" />
            <location filename="../../gridkeeper/ui/township/review.py" line="388" />
            <source>隔离的修改</source>
            <translation>Quarantined changes</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="374" />
            <source>请先在列表中选择要处理的行（可按 Ctrl 或 Shift 多选）。</source>
            <translation>First select rows in the list (Ctrl or Shift to select several).</translation>
        </message>
    </context>
    <context>
        <name>SearchBox</name>
        <message>
            <location filename="../../gridkeeper/ui/search_box.py" line="182" />
            <source>找到 {} 条</source>
            <translation>{} found</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/search_box.py" line="182" />
            <source>没有找到</source>
            <translation>Nothing found</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/search_box.py" line="76" />
            <source>正在更新搜索索引…</source>
            <translation>Updating the search index…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/search_box.py" line="43" />
            <source>查找 姓名/拼音/证号/电话</source>
            <translation>Find name/pinyin/ID/phone</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/search_box.py" line="44" />
            <source>查找人、户、房：姓名、拼音首字母、身份证号、电话或地址（Ctrl+F）</source>
            <translation>Find residents, households, houses: name, pinyin initials, ID number, phone or address (Ctrl+F)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/search_box.py" line="81" />
            <source>正在更新搜索索引…（{0}/{1}）</source>
            <translation>Updating the search index… ({0}/{1})</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/search_box.py" line="152" />
            <source>人</source>
            <translation>Person</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/search_box.py" line="152" />
            <source>户</source>
            <translation>Household</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/search_box.py" line="152" />
            <source>房</source>
            <translation>House</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/search_box.py" line="160" />
            <source>查找出错：{e}</source>
            <translation>Search failed: {e}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/search_box.py" line="174" />
            <source>显示更多（还有 {0} 条）</source>
            <translation>Show more ({0} more)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/search_box.py" line="180" />
            <source>前 {0} 条，共 {1} 条</source>
            <translation>First {0} of {1}</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/search_box.py" line="184" />
            <source>（正在更新搜索索引，结果可能不全）</source>
            <translation>(updating the search index: results may be incomplete)</translation>
        </message>
    </context>
    <context>
        <name>ServiceDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="134" />
            <source>记录志愿服务</source>
            <translation>Record a volunteer service</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="142" />
            <source>例如 更换路灯灯泡</source>
            <translation>e.g. changed a streetlight bulb</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="156" />
            <source>（无）</source>
            <translation>(none)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="159" />
            <source>志愿者</source>
            <translation>Volunteer</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="159" />
            <source>服务日期</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="160" />
            <source>服务内容</source>
            <translation>Activity</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="160" />
            <source>时长(小时)</source>
            <translation>Hours</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="161" />
            <source>积分</source>
            <translation>Points</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="161" />
            <source>关联诉求</source>
            <translation>Resident request</translation>
        </message>
    </context>
    <context>
        <name>TagFilter</name>
        <message>
            <location filename="../../gridkeeper/ui/people_widgets.py" line="74" />
            <source>全部标注</source>
            <translation>All tags</translation>
        </message>
    </context>
    <context>
        <name>TagsBox</name>
        <message>
            <location filename="../../gridkeeper/ui/people_widgets.py" line="32" />
            <source>（已停用）</source>
            <translation> (retired)</translation>
        </message>
    </context>
    <context>
        <name>TownshipWorkspace</name>
        <message>
            <location filename="../../gridkeeper/ui/township/workspace.py" line="42" />
            <source>合并收件箱</source>
            <translation>Merge inbox</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/workspace.py" line="43" />
            <location filename="../../gridkeeper/ui/township/workspace.py" line="86" />
            <source>待审核</source>
            <translation>To review</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/workspace.py" line="44" />
            <source>区域管理</source>
            <translation>Areas</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/workspace.py" line="45" />
            <source>设备</source>
            <translation>Devices</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/workspace.py" line="46" />
            <source>全镇概况</source>
            <translation>Township overview</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/workspace.py" line="47" />
            <source>诉求与隐患</source>
            <translation>Requests &amp; hazards</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/workspace.py" line="50" />
            <source>人口与志愿</source>
            <translation>People &amp; volunteers</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/workspace.py" line="51" />
            <source>标注词表</source>
            <translation>Tag vocabulary</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/common.py" line="19" />
            <source>出错了：{e}（详情已写入日志）</source>
            <translation>Something went wrong: {e} (details in the log)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/common.py" line="41" />
            <source>（空）</source>
            <translation>(empty)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="71" />
            <source>月度趋势：受理（浅）与办结（深）</source>
            <translation>By month: received (light) and closed (dark)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="100" />
            <source>近12个月</source>
            <translation>Last 12 months</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="106" />
            <source>刷新</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="112" />
            <source>统计期间</source>
            <translation>Period</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="140" />
            <source>村/社区</source>
            <translation>Village/community</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="140" />
            <source>（未归村）</source>
            <translation>(no village)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="141" />
            <source>受理诉求</source>
            <translation>Requests</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="142" />
            <source>已办结</source>
            <translation>Closed</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="143" />
            <source>办结率</source>
            <translation>Closed %</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="144" />
            <source>满意率</source>
            <translation>Satisfied %</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="145" />
            <source>办结天数（中位）</source>
            <translation>Median days</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="146" />
            <source>隐患未销号</source>
            <translation>Open hazards</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="147" />
            <source>隐患逾期</source>
            <translation>Overdue hazards</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="153" />
            <source>正在统计…</source>
            <translation>Counting…</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="168" />
            <source>{0} 至 {1}：受理诉求 {2} 件，已办结 {3} 件，办结率 {4}，满意率 {5}，办结天数中位数 {6}；发现隐患 {7} 处，未销号 {8}，逾期 {9}，已整改 {10}，已上报上级 {11}。</source>
            <translation>{0} to {1}: {2} requests received, {3} closed (close rate {4}, satisfied {5}), median {6} days to close; {7} hazards found, {8} open, {9} overdue, {10} rectified, {11} escalated.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="182" />
            <source>诉求（按类别）</source>
            <translation>Requests by category</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/casework.py" line="183" />
            <source>隐患未销号（按类别）</source>
            <translation>Open hazards by category</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="36" />
            <source>正常</source>
            <translation>OK</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="39" />
            <source>快 {0:.0f} 天</source>
            <translation>{0:.0f} days ahead</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="41" />
            <source>快 {0:.1f} 小时</source>
            <translation>{0:.1f} hours ahead</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/devices.py" line="42" />
            <source>快 {0:.0f} 分钟</source>
            <translation>{0:.0f} min ahead</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="85" />
            <source>（无）</source>
            <translation>(none)</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/overview.py" line="104" />
            <source>另有 {0} 项未显示</source>
            <translation>{0} more not shown</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="66" />
            <source>是</source>
            <translation>Yes</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/review.py" line="66" />
            <source>否</source>
            <translation>No</translation>
        </message>
    </context>
    <context>
        <name>UnlockDialog</name>
        <message>
            <location filename="../../gridkeeper/ui/unlock.py" line="42" />
            <source>输入数据库口令</source>
            <translation>Database passphrase</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/unlock.py" line="43" />
            <source>数据库已加密。请输入口令：</source>
            <translation>The database is encrypted. Enter its passphrase:</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/unlock.py" line="50" />
            <source>忘记口令：请把电脑带到乡镇网格中心，用登记时保存的恢复密钥重设口令。</source>
            <translation>Forgot it? Bring the laptop to the township grid centre: they can reset the passphrase with the recovery key kept at enrolment.</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/unlock.py" line="54" />
            <source>解锁</source>
            <translation>Unlock</translation>
        </message>
    </context>
    <context>
        <name>VisitsTab</name>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="190" />
            <source>新增走访</source>
            <translation>New visit</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="192" />
            <source>编辑</source>
            <translation>Edit</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/care_tab.py" line="193" />
            <source>删除</source>
            <translation>Delete</translation>
        </message>
    </context>
    <context>
        <name>VocabTab</name>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="76" />
            <source>标注词表</source>
            <translation>Tag vocabulary</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="88" />
            <location filename="../../gridkeeper/ui/township/vocab.py" line="92" />
            <source>新增标注</source>
            <translation>Add tag</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="88" />
            <source>标注名称（例如 网格帮手）：</source>
            <translation>Tag name (e.g. Grid helper):</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="93" />
            <source>代码（小写英文字母、数字、下划线，例如 grid_helper）：</source>
            <translation>Code (lowercase letters, digits, underscores, e.g. grid_helper):</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="103" />
            <source>改名</source>
            <translation>Rename</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="103" />
            <source>新的名称：</source>
            <translation>New name:</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="36" />
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="31" />
            <source>标注</source>
            <translation>Tags</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="32" />
            <source>英文</source>
            <translation>English</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="33" />
            <source>代码</source>
            <translation>Code</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="34" />
            <source>排序</source>
            <translation>Order</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="35" />
            <source>来源</source>
            <translation>Source</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="35" />
            <source>内置</source>
            <translation>built in</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="35" />
            <source>乡镇新增</source>
            <translation>added by the township</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="36" />
            <source>已停用</source>
            <translation>retired</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="36" />
            <source>使用中</source>
            <translation>in use</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="37" />
            <source>标注人数</source>
            <translation>Persons tagged</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="46" />
            <source>停用/启用</source>
            <translation>Retire / reinstate</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/township/vocab.py" line="51" />
            <source>修改后在下一个返回包中发给各网格员电脑；停用的标注不再提供，已有记录保留。</source>
            <translation>Changes reach every worker laptop in the next return bundle; a retired tag is no longer offered, records that carry it keep it.</translation>
        </message>
    </context>
    <context>
        <name>_Form</name>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="36" />
            <source>保存</source>
            <translation>Save</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="38" />
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/people_dialogs.py" line="50" />
            <source>例如 2026-11-27</source>
            <translation>e.g. 2026-11-27</translation>
        </message>
    </context>
    <context>
        <name>_LockPage</name>
        <message>
            <location filename="../../gridkeeper/ui/unlock.py" line="138" />
            <source>已锁定</source>
            <translation>Locked</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/unlock.py" line="143" />
            <source>一段时间没有操作，数据已隐藏。请输入数据库口令继续：</source>
            <translation>No activity for a while: the data is hidden. Enter the database passphrase to continue:</translation>
        </message>
        <message>
            <location filename="../../gridkeeper/ui/unlock.py" line="152" />
            <source>解锁</source>
            <translation>Unlock</translation>
        </message>
    </context>
</TS>