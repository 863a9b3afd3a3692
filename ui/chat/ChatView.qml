pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// The conversation: messages in a centred column that follows the newest text while streaming,
// or a welcome when the chat is empty.
Item {
    id: root
    signal openModelRequested()

    ListView {
        id: list
        anchors.fill: parent
        anchors.topMargin: Theme.spacingLarge
        model: ChatController.messages
        spacing: Theme.spacing
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        reuseItems: false
        ScrollBar.vertical: ScrollBar {}
        Accessible.name: qsTr("Conversation")
        // Stick to the bottom while generating unless the user scrolled up to read.
        property bool followTail: true
        onMovementEnded: followTail = atYEnd
        onContentHeightChanged: if (followTail) positionViewAtEnd()
        onCountChanged: { followTail = true; positionViewAtEnd(); }

        delegate: MessageDelegate {
            x: Math.max(Theme.spacingLarge, (list.width - width) / 2)
            width: Math.min(Theme.contentMaxWidth, list.width - 2 * Theme.spacingLarge)
        }
    }

    ColumnLayout {
        anchors.centerIn: parent
        visible: list.count === 0
        spacing: Theme.spacingLarge
        width: Math.min(520, parent.width - 48)

        Logo {
            implicitWidth: 72
            implicitHeight: 72
            Layout.alignment: Qt.AlignHCenter
        }
        Text {
            text: ChatController.modelReady ? qsTr("What shall we think about?") : qsTr("Welcome to Ponder")
            color: Theme.text
            font.pixelSize: Theme.fontLarge + 6
            font.weight: Font.DemiBold
            Layout.alignment: Qt.AlignHCenter
        }
        Text {
            text: ChatController.modelReady
                  ? qsTr("%1 is ready. Reasoning models think before they answer; you can open the thinking above each reply.").arg(ChatController.modelName)
                  : qsTr("Open a GGUF model (QwQ, DeepSeek-R1 distills, Qwen3) to start. Everything runs on this machine.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontNormal
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
            Layout.fillWidth: true
        }
        IconButton {
            visible: !ChatController.modelReady && !ChatController.loading
            text: qsTr("Open model…")
            tip: qsTr("Open a model (Ctrl+O)")
            primary: true
            Layout.alignment: Qt.AlignHCenter
            onClicked: root.openModelRequested()
        }
    }
}
