import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// A search match: the conversation's title and the snippet with the matched words in bold.
ItemDelegate {
    id: root
    required property var conversationId
    required property string title
    required property string snippet

    padding: Theme.spacing
    hoverEnabled: true
    Accessible.name: title
    onClicked: ChatController.openConversation(conversationId)
    background: Rectangle { radius: Theme.radius - 2; color: root.hovered ? Theme.surface : "transparent" }
    contentItem: ColumnLayout {
        spacing: 2
        Text {
            text: root.title
            color: Theme.text
            font.pixelSize: Theme.fontSmall + 1
            font.weight: Font.Medium
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Text {
            text: root.snippet
            textFormat: Text.StyledText
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
            maximumLineCount: 3
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
    }
}
