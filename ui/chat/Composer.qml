import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder

// Where the user writes. Enter sends, Shift+Enter starts a new line; Stop while generating.
// Without a model it is disabled and says why. While a model loads it stays open: a message sent
// then waits (queuedText, shown above the input) until the model is ready; Edit takes it back.
// For models whose template can turn thinking off (Qwen3), a Think switch sits under the input.
Rectangle {
    id: root
    property bool generating: false
    property string disabledReason: ""  // empty when typing is possible
    property string waitingReason: ""   // the model is loading: messages wait for it
    property string queuedText: ""      // the message waiting for the model
    property bool thinkSwitchVisible: false
    property bool thinkEnabled: true
    signal thinkToggled(bool enabled)
    property alias text: input.text
    signal sendRequested(string text)
    signal stopRequested()
    signal editQueuedRequested()

    function send() {
        const message = input.text.trim();
        if (message.length === 0 || root.disabledReason.length > 0 || root.generating
                || root.queuedText.length > 0)
            return;
        root.sendRequested(message);
        input.clear();
    }
    function focusInput() { input.forceActiveFocus(); }
    // Puts a message that was not sent back in front of whatever is being typed.
    function restore(message) {
        input.text = input.text.length > 0 ? message + "\n" + input.text : message;
        input.cursorPosition = message.length;
        focusInput();
    }

    implicitHeight: layout.implicitHeight + 2 * Theme.spacing
    radius: Theme.radius + 4
    color: Theme.surface
    border.color: input.activeFocus ? Theme.accent : Theme.border

    ColumnLayout {
        id: layout
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacingSmall

        // The message waiting for the model.
        RowLayout {
            objectName: "queuedRow"
            visible: root.queuedText.length > 0
            Layout.fillWidth: true
            spacing: Theme.spacing
            Text {
                objectName: "queuedLabel"
                text: qsTr("Sends when the model is ready: “%1”").arg(root.queuedText)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.italic: true
                elide: Text.ElideRight
                maximumLineCount: 1
                Layout.fillWidth: true
                leftPadding: 4
            }
            IconButton {
                objectName: "editQueuedButton"
                text: qsTr("Edit")
                tip: qsTr("Take the message back to change it")
                small: true
                onClicked: root.editQueuedRequested()
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(input.implicitHeight, 220) + 8
            spacing: Theme.spacing

            ScrollView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                TextArea {
                    id: input
                    objectName: "composerInput"
                    enabled: root.disabledReason.length === 0
                    placeholderText: root.disabledReason.length > 0 ? root.disabledReason
                                   : root.waitingReason.length > 0 ? root.waitingReason
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
                enabled: root.generating || (root.disabledReason.length === 0 && root.queuedText.length === 0
                                             && input.text.trim().length > 0)
                onClicked: root.generating ? root.stopRequested() : root.send()
            }
        }

        RowLayout {
            visible: root.thinkSwitchVisible
            Layout.fillWidth: true
            spacing: Theme.spacing
            Switch {
                id: thinkSwitch
                objectName: "thinkSwitch"
                text: qsTr("Think")
                checked: root.thinkEnabled
                font.pixelSize: Theme.fontSmall
                onToggled: root.thinkToggled(checked)
                Accessible.name: qsTr("Think before answering")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Let the model reason before it answers (this conversation)")
            }
            Text {
                text: thinkSwitch.checked ? qsTr("The model reasons before it answers")
                                          : qsTr("The model answers directly, without reasoning")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
        }
    }
}
