pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// One message on the active path. User messages sit in a bubble on the right and can be edited
// and resent; assistant messages show their reasoning, then the answer, then actions.
Item {
    id: root
    required property int index
    required property var messageId
    required property string role
    required property string content
    required property string reasoning
    required property var reasoningMs
    required property bool thinking
    required property string status
    required property int branchIndex
    required property int branchCount
    required property real tokensPerSecond
    required property bool reasoningExpanded
    required property string cutShort
    required property bool canAnswerNow
    required property string reasoningNote
    required property string error
    property bool editing: false
    readonly property bool isUser: role === "user"
    readonly property bool isLive: status === "streaming"

    implicitHeight: column.implicitHeight + Theme.spacing
    implicitWidth: Theme.contentMaxWidth

    HoverHandler { id: hover }

    ColumnLayout {
        id: column
        width: parent.width
        spacing: Theme.spacingSmall

        // User: bubble, or the edit box.
        Rectangle {
            visible: root.isUser && !root.editing
            Layout.alignment: Qt.AlignRight
            Layout.maximumWidth: parent.width * 0.8
            implicitWidth: userText.implicitWidth + 28
            implicitHeight: userText.implicitHeight + 20
            radius: Theme.radius + 6
            color: Theme.userBubble
            TextEdit {
                id: userText
                anchors.centerIn: parent
                width: Math.min(implicitWidth, column.width * 0.8 - 28)
                text: root.content
                readOnly: true
                selectByMouse: true
                wrapMode: Text.Wrap
                color: Theme.text
                font.pixelSize: Theme.fontNormal
                Accessible.name: qsTr("You: %1").arg(root.content)
            }
        }
        Composer {
            id: editor
            visible: root.editing
            Layout.fillWidth: true
            onSendRequested: text => {
                root.editing = false;
                ChatController.editAndResend(root.messageId, text);
            }
        }

        // Assistant: reasoning, answer, status.
        ReasoningPanel {
            visible: !root.isUser && (root.thinking || root.reasoning.length > 0)
            Layout.fillWidth: true
            reasoning: root.reasoning
            thinking: root.thinking
            reasoningMs: root.reasoningMs
            note: root.reasoningNote
            expanded: root.thinking || root.reasoningExpanded
            onExpandedByUser: expanded => ChatController.setReasoningExpanded(root.messageId, expanded)
        }
        MarkdownText {
            visible: !root.isUser
            Layout.fillWidth: true
            markdown: root.content
            onCopyRequested: text => ChatController.copyToClipboard(text)
        }
        Text {
            objectName: "replyStatus"
            visible: !root.isUser && root.cutShort.length === 0 && (root.status === "interrupted" || root.status === "error")
            text: root.status !== "error" ? qsTr("Stopped before the end.")
                  : root.error.length > 0 ? qsTr("This reply failed: %1").arg(root.error) : qsTr("This reply failed.")
            color: root.status === "error" ? Theme.danger : Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        // A reply that stopped inside its reasoning: say so, and (for the last reply) offer to go on.
        RowLayout {
            visible: !root.isUser && root.cutShort.length > 0
            spacing: Theme.spacing
            Text {
                text: root.cutShort
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
            Button {
                objectName: "continueButton"
                visible: root.index === ChatController.messages.count - 1
                enabled: ChatController.modelReady && !ChatController.generating
                text: qsTr("Continue")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Go on thinking from where it stopped")
                onClicked: ChatController.continueReply(root.messageId)
            }
            Button {
                objectName: "answerNowButton"
                visible: root.canAnswerNow && root.index === ChatController.messages.count - 1
                enabled: ChatController.modelReady && !ChatController.generating
                text: qsTr("Answer now")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("End the thinking here and let the model answer")
                onClicked: ChatController.answerNow(root.messageId)
            }
        }

        // Actions: shown on hover (always for the last message), never while streaming.
        RowLayout {
            Layout.alignment: root.isUser ? Qt.AlignRight : Qt.AlignLeft
            spacing: 2
            opacity: !root.isLive && (hover.hovered || root.index === ChatController.messages.count - 1) ? 1 : 0
            enabled: opacity > 0 && !ChatController.generating
            Behavior on opacity { NumberAnimation { duration: 120 } }

            BranchNavigator {
                branchIndex: root.branchIndex
                branchCount: root.branchCount
                onPreviousRequested: ChatController.showSibling(root.messageId, -1)
                onNextRequested: ChatController.showSibling(root.messageId, 1)
            }
            IconButton {
                text: qsTr("Copy")
                tip: qsTr("Copy message")
                small: true
                onClicked: ChatController.copyToClipboard(root.content)
            }
            IconButton {
                visible: root.isUser
                text: root.editing ? qsTr("Cancel") : qsTr("Edit")
                tip: qsTr("Edit and resend")
                small: true
                onClicked: {
                    root.editing = !root.editing;
                    if (root.editing) {
                        editor.text = root.content;
                        editor.focusInput();
                    }
                }
            }
            IconButton {
                visible: !root.isUser
                text: qsTr("Regenerate")
                tip: qsTr("Write another reply")
                small: true
                enabled: ChatController.modelReady
                onClicked: ChatController.regenerate(root.messageId)
            }
            IconButton {
                text: qsTr("Delete")
                tip: qsTr("Delete this message and the replies below it")
                small: true
                onClicked: ChatController.deleteMessage(root.messageId)
            }
            Text {
                visible: !root.isUser && root.tokensPerSecond > 0
                text: qsTr("%1 tok/s").arg(root.tokensPerSecond.toFixed(1))
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                leftPadding: Theme.spacing
            }
        }
    }
}
