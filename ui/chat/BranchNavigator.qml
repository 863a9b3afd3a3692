import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder

// "‹ 2/3 ›": which of a message's sibling branches is shown; hidden when there is only one.
RowLayout {
    id: root
    required property int branchIndex  // 0-based
    required property int branchCount
    signal previousRequested()
    signal nextRequested()

    visible: branchCount > 1
    spacing: 0

    IconButton {
        objectName: "previousBranch"
        text: "‹"
        tip: qsTr("Previous version")
        small: true
        enabled: root.branchIndex > 0
        onClicked: root.previousRequested()
    }
    Text {
        objectName: "branchLabel"
        text: (root.branchIndex + 1) + "/" + root.branchCount
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        Accessible.name: qsTr("Version %1 of %2").arg(root.branchIndex + 1).arg(root.branchCount)
    }
    IconButton {
        objectName: "nextBranch"
        text: "›"
        tip: qsTr("Next version")
        small: true
        enabled: root.branchIndex + 1 < root.branchCount
        onClicked: root.nextRequested()
    }
}
