import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// A conversation that matches: its title, how many of its messages (and title) match, and the
// best snippet with the matched words in bold.
ItemDelegate {
    id: root
    required property var conversationId
    required property string title
    required property string snippet
    required property int matchCount
    readonly property string matchText: matchCount === 1 ? qsTr("1 match") : qsTr("%1 matches").arg(matchCount)

    padding: Theme.spacing
    hoverEnabled: true
    Accessible.name: title + ", " + matchText
    onClicked: ChatController.openConversation(conversationId)
    background: Rectangle { radius: Theme.radius - 2; color: root.hovered ? Theme.surface : "transparent" }
    contentItem: ColumnLayout {
        spacing: 2
        RowLayout {
            Layout.fillWidth: true
            Text {
                text: root.title
                color: Theme.text
                font.pixelSize: Theme.fontSmall + 1
                font.weight: Font.Medium
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Text {
                objectName: "matchCount"
                text: root.matchText
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
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
