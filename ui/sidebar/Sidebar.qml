import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// Conversations grouped by date with pinned ones on top, New chat, and full-text search.
// Not ComponentBehavior: Bound: ListView creates section delegates outside this context.
Rectangle {
    id: root
    signal exportRequested(var conversationId)
    signal importRequested()
    function focusSearch() { searchField.forceActiveFocus(); searchField.selectAll(); }

    color: Theme.sidebar
    implicitWidth: Theme.sidebarWidth

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 6
            Logo { implicitWidth: 24; implicitHeight: 24 }
            Text {
                text: "Ponder"
                color: Theme.text
                font.pixelSize: Theme.fontLarge
                font.weight: Font.DemiBold
                Layout.fillWidth: true
            }
            IconButton { text: "⤓"; tip: qsTr("Import a conversation (JSON)"); onClicked: root.importRequested() }
        }
        Button {
            Layout.fillWidth: true
            text: qsTr("+  New chat")
            Accessible.name: qsTr("New chat (Ctrl+N)")
            onClicked: ChatController.newChat()
            contentItem: Text { text: parent.text; color: Theme.text; font.pixelSize: Theme.fontNormal; horizontalAlignment: Text.AlignHCenter }
            background: Rectangle { radius: Theme.radius; color: parent.hovered ? Theme.surfaceHover : Theme.background; border.color: Theme.border }
        }
        TextField {
            id: searchField
            Layout.fillWidth: true
            placeholderText: qsTr("Search chats (Ctrl+K)")
            placeholderTextColor: Theme.textMuted
            color: Theme.text
            font.pixelSize: Theme.fontNormal - 1
            Accessible.name: qsTr("Search chats")
            background: Rectangle { radius: Theme.radius; color: Theme.background; border.color: searchField.activeFocus ? Theme.accent : Theme.border }
            onTextChanged: searchDebounce.restart()
            Keys.onEscapePressed: clear()
            Timer { id: searchDebounce; interval: 150; onTriggered: ChatController.search(searchField.text) }
        }

        ListView {
            id: conversationList
            visible: searchField.text.length === 0
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 1
            model: ChatController.conversations
            ScrollBar.vertical: ScrollBar {}
            Accessible.name: qsTr("Conversations")
            section.property: "section"
            section.delegate: Text {
                required property string section
                text: section
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
                topPadding: Theme.spacingLarge - 4
                bottomPadding: 4
                leftPadding: Theme.spacing + 4
            }
            delegate: ConversationDelegate {
                width: conversationList.width
                onExportRequested: id => root.exportRequested(id)
            }
            Text {
                anchors.centerIn: parent
                visible: conversationList.count === 0
                text: qsTr("No conversations yet")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }

        ListView {
            id: resultList
            visible: searchField.text.length > 0
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: ChatController.searchResults
            ScrollBar.vertical: ScrollBar {}
            Accessible.name: qsTr("Search results")
            delegate: SearchResultDelegate { width: resultList.width }
            Text {
                anchors.centerIn: parent
                visible: resultList.count === 0
                text: qsTr("No matches")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }
    }
    Rectangle { anchors.right: parent.right; width: 1; height: parent.height; color: Theme.border }
}
