pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// An answer in Markdown, its math drawn as formulas. Fenced code blocks are drawn apart, in
// monospace, each with a Copy button.
ColumnLayout {
    id: root
    required property string markdown
    signal copyRequested(string text)

    spacing: Theme.spacing

    // Splits at ``` fences into [{code: bool, text, language}]; an unclosed fence (still
    // streaming) is drawn as code already.
    function blocks(source) {
        const parts = source.split(/^```/m);
        const result = [];
        for (let i = 0; i < parts.length; ++i) {
            if (i % 2 === 0) {
                if (parts[i].trim().length > 0)
                    result.push({ code: false, text: parts[i], language: "" });
            } else {
                const newline = parts[i].indexOf("\n");
                const language = newline < 0 ? parts[i] : parts[i].slice(0, newline);
                const body = newline < 0 ? "" : parts[i].slice(newline + 1).replace(/\n$/, "");
                result.push({ code: true, text: body, language: language.trim() });
            }
        }
        return result;
    }

    Repeater {
        model: root.blocks(root.markdown)
        delegate: ColumnLayout {
            id: block
            required property var modelData
            Layout.fillWidth: true

            // Markdown with its math drawn as formulas; a copied selection keeps the TeX source.
            TextEdit {
                id: prose
                objectName: "prose"
                visible: !block.modelData.code
                Layout.fillWidth: true
                readOnly: true
                selectByMouse: true
                wrapMode: Text.Wrap
                color: Theme.text
                selectionColor: Theme.accent
                font.pixelSize: Theme.fontNormal
                onLinkActivated: link => Qt.openUrlExternally(link)
                Accessible.name: block.modelData.text
                Keys.onPressed: event => {
                    if (event.matches(StandardKey.Copy)) {
                        proseMath.copy(prose.selectionStart, prose.selectionEnd);
                        event.accepted = true;
                    }
                }
                MathDocument {
                    id: proseMath
                    objectName: "proseMath"
                    document: prose.textDocument
                    text: block.modelData.code ? "" : block.modelData.text
                    markdown: true
                    color: Theme.text
                    pixelSize: Theme.fontNormal
                }
            }
            Rectangle {
                visible: block.modelData.code
                Layout.fillWidth: true
                implicitHeight: codeColumn.implicitHeight + 12
                radius: Theme.radius
                color: Theme.codeBackground
                border.color: Theme.border
                ColumnLayout {
                    id: codeColumn
                    anchors.fill: parent
                    anchors.margins: 6
                    spacing: 2
                    RowLayout {
                        Layout.fillWidth: true
                        Text {
                            text: block.modelData.language || qsTr("code")
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                            Layout.fillWidth: true
                            leftPadding: 4
                        }
                        IconButton {
                            text: qsTr("Copy")
                            tip: qsTr("Copy code")
                            small: true
                            onClicked: root.copyRequested(block.modelData.text)
                        }
                    }
                    ScrollView {
                        Layout.fillWidth: true
                        Layout.preferredHeight: code.implicitHeight + 4
                        ScrollBar.vertical.policy: ScrollBar.AlwaysOff
                        TextEdit {
                            id: code
                            text: block.modelData.code ? block.modelData.text : ""
                            readOnly: true
                            selectByMouse: true
                            textFormat: TextEdit.PlainText
                            font.family: Theme.monospace
                            font.pixelSize: Theme.fontSmall + 1
                            color: Theme.text
                            leftPadding: 4
                        }
                    }
                }
            }
        }
    }
}
