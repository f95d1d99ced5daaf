<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Chinese for Qt's own strings that qtbase_zh_CN.qm lacks: Qt 6.12 gave two file-dialog labels
     accelerators ("&Look in:", "Files of &type:") and the shipped catalogue still has the old texts.
     Rebuild: pyside6-lrelease qt_gaps_zh_CN.ts -qm qt_gaps_zh_CN.qm (gridkeeper/ui/i18n.py loads it). -->
<TS version="2.1" language="zh_CN">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
</TS>
