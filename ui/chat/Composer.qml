import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder

// Where the user writes. Enter sends, Shift+Enter starts a new line; Stop while generating.
// Without a model it is disabled and says why.
Rectangle {
    id: root
    property bool generating: false
    property string disabledReason: ""  // empty when sending is possible
    property alias text: input.text
    signal sendRequested(string text)
    signal stopRequested()

    function send() {
        const message = input.text.trim();
        if (message.length === 0 || root.disabledReason.length > 0 || root.generating)
            return;
        root.sendRequested(message);
        input.clear();
    }
    function focusInput() { input.forceActiveFocus(); }

    implicitHeight: Math.min(input.implicitHeight, 220) + 2 * Theme.spacing + 8
    radius: Theme.radius + 4
    color: Theme.surface
    border.color: input.activeFocus ? Theme.accent : Theme.border

    RowLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing

        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            TextArea {
                id: input
                objectName: "composerInput"
                enabled: root.disabledReason.length === 0
                placeholderText: root.disabledReason.length > 0 ? root.disabledReason
                                                                : qsTr("Message… (Enter to send, Shift+Enter for a new line)")
                placeholderTextColor: Theme.textMuted
                color: Theme.text
                wrapMode: TextArea.Wrap
                font.pixelSize: Theme.fontNormal
                background: null
                Accessible.name: qsTr("Message")
                Keys.onPressed: event => {
                    if (event.key !== Qt.Key_Return && event.key !== Qt.Key_Enter)
                        return;
                    if (event.modifiers & Qt.ShiftModifier) {
                        input.insert(input.cursorPosition, "\n");
                    } else {
                        root.send();
                    }
                    event.accepted = true;
                }
            }
        }
        IconButton {
            objectName: "sendButton"
            Layout.alignment: Qt.AlignBottom
            primary: true
            text: root.generating ? qsTr("■ Stop") : qsTr("Send ↵")
            tip: root.generating ? qsTr("Stop generating (Esc)") : qsTr("Send (Enter)")
            enabled: root.generating || (root.disabledReason.length === 0 && input.text.trim().length > 0)
            onClicked: root.generating ? root.stopRequested() : root.send()
        }
    }
}
