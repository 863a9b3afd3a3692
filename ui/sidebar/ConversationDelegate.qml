import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// One conversation in the sidebar: click opens, double-click renames inline, the menu pins,
// renames, exports or deletes (with Undo).
ItemDelegate {
    id: root
    required property var conversationId
    required property string title
    required property bool pinned
    property bool renaming: false
    signal exportRequested(var conversationId)

    readonly property bool current: ChatController.currentConversationId === conversationId
    height: 36
    padding: 0
    leftPadding: Theme.spacing + 4
    rightPadding: 4
    hoverEnabled: true
    Accessible.name: title + (pinned ? qsTr(", pinned") : "")
    onClicked: ChatController.openConversation(conversationId)
    onDoubleClicked: startRename()

    function startRename() {
        renaming = true;
        renameField.text = title;
        renameField.selectAll();
        renameField.forceActiveFocus();
    }

    background: Rectangle {
        radius: Theme.radius - 2
        color: root.current ? Theme.surfaceHover : (root.hovered ? Theme.surface : "transparent")
    }
    contentItem: RowLayout {
        spacing: 4
        PinIcon {
            visible: root.pinned && !root.renaming
            color: Theme.textMuted
            Layout.preferredWidth: 12
            Layout.preferredHeight: 12
        }
        Text {
            visible: !root.renaming
            text: root.title
            color: Theme.text
            elide: Text.ElideRight
            font.pixelSize: Theme.fontNormal - 1
            Layout.fillWidth: true
        }
        TextField {
            id: renameField
            visible: root.renaming
            Layout.fillWidth: true
            font.pixelSize: Theme.fontNormal - 1
            color: Theme.text
            Accessible.name: qsTr("New title")
            onAccepted: {
                ChatController.renameConversation(root.conversationId, text);
                root.renaming = false;
            }
            Keys.onEscapePressed: root.renaming = false
            onActiveFocusChanged: if (!activeFocus) root.renaming = false
        }
        IconButton {
            visible: root.hovered || root.current || menu.visible
            text: "⋯"
            tip: qsTr("Conversation actions")
            small: true
            onClicked: menu.popup()
        }
    }
    Menu {
        id: menu
        MenuItem { text: root.pinned ? qsTr("Unpin") : qsTr("Pin"); onTriggered: ChatController.setPinned(root.conversationId, !root.pinned) }
        MenuItem { text: qsTr("Rename"); onTriggered: root.startRename() }
        MenuItem { text: qsTr("Export…"); onTriggered: root.exportRequested(root.conversationId) }
        MenuItem { text: qsTr("Delete"); onTriggered: ChatController.deleteConversation(root.conversationId) }
    }
}
