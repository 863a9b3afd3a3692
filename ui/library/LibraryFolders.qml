pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// The folders the library scans, each removable, and "Add folder…".
ColumnLayout {
    id: root
    signal addRequested()
    spacing: Theme.spacingSmall

    RowLayout {
        Layout.fillWidth: true
        Text {
            text: qsTr("Scanned folders (only those that exist are read; files are never changed)")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            Layout.fillWidth: true
        }
        Button { text: qsTr("Add folder…"); onClicked: root.addRequested() }
    }
    Flow {
        Layout.fillWidth: true
        spacing: Theme.spacingSmall
        Repeater {
            model: LibraryController.folders
            delegate: Rectangle {
                id: chip
                required property string modelData
                width: chipRow.implicitWidth + 12
                height: chipRow.implicitHeight + 6
                radius: height / 2
                color: Theme.surface
                border.color: Theme.border
                RowLayout {
                    id: chipRow
                    anchors.centerIn: parent
                    spacing: 2
                    Text { text: chip.modelData; color: Theme.text; font.pixelSize: Theme.fontSmall }
                    IconButton {
                        text: "×"
                        small: true
                        tip: qsTr("Stop scanning %1").arg(chip.modelData)
                        onClicked: LibraryController.removeFolder(chip.modelData)
                    }
                }
            }
        }
    }
}
