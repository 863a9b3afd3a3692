import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder

// Above the composer when the open chat was written with another model than the one loaded:
// names it and offers to switch (the Open model summary, with its fit check, then Load).
Rectangle {
    id: root
    property string modelPath: ""       // the chat's model; empty hides the bar
    property string loadedModelName: "" // empty when no model is loaded
    signal switchRequested(string path)

    readonly property string fileName: modelPath.split("/").pop()
    visible: modelPath.length > 0
    implicitHeight: visible ? row.implicitHeight + Theme.spacing : 0
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.border

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.spacing + 4
        anchors.rightMargin: Theme.spacingSmall
        spacing: Theme.spacing
        Text {
            objectName: "switchText"
            text: root.loadedModelName.length > 0
                  ? qsTr("This chat was written with %1; %2 is loaded.").arg(root.fileName).arg(root.loadedModelName)
                  : qsTr("This chat was written with %1.").arg(root.fileName)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall + 1
            elide: Text.ElideMiddle
            Layout.fillWidth: true
        }
        IconButton {
            objectName: "switchButton"
            text: qsTr("Switch to it")
            tip: root.modelPath
            small: true
            onClicked: root.switchRequested(root.modelPath)
        }
    }
}
