pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// One download: name, state, a progress bar with bytes, speed and time left, the reason it
// stopped, and Pause / Resume / Cancel / Dismiss as its state allows.
Rectangle {
    id: root
    required property int downloadId
    required property string repo
    required property string name
    required property int downloadState
    required property string stateText
    required property real fraction
    required property string progressText
    required property string speed
    required property string timeLeft
    required property string error

    readonly property bool running: downloadState === DownloadListModel.Running
    readonly property bool resumable: downloadState === DownloadListModel.Paused || downloadState === DownloadListModel.Failed
    readonly property bool over: downloadState === DownloadListModel.Finished || downloadState === DownloadListModel.Cancelled
    implicitHeight: column.implicitHeight + 2 * Theme.spacing
    radius: Theme.radius
    color: Theme.surface

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacingSmall
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Text {
                text: root.repo + " / " + root.name
                color: Theme.text
                font.pixelSize: Theme.fontSmall + 1
                font.weight: Font.DemiBold
                elide: Text.ElideMiddle
                Layout.fillWidth: true
            }
            Text {
                text: [root.stateText, root.progressText, root.speed, root.timeLeft].filter(s => s.length > 0).join(" · ")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
            IconButton {
                visible: root.running
                text: qsTr("Pause"); small: true; tip: qsTr("Pause; the part already downloaded is kept")
                onClicked: DownloadController.pause(root.downloadId)
            }
            IconButton {
                visible: root.resumable
                text: qsTr("Resume"); small: true; tip: qsTr("Continue from the part already downloaded")
                onClicked: DownloadController.resume(root.downloadId)
            }
            IconButton {
                visible: !root.over
                text: qsTr("Cancel"); small: true; tip: qsTr("Stop and delete the partial download")
                onClicked: DownloadController.cancel(root.downloadId)
            }
            IconButton {
                visible: root.over || root.downloadState === DownloadListModel.Failed
                text: "✕"; small: true; tip: qsTr("Remove from this list")
                onClicked: DownloadController.dismiss(root.downloadId)
            }
        }
        ProgressBar {
            value: root.fraction
            visible: !root.over || root.downloadState === DownloadListModel.Finished
            Layout.fillWidth: true
        }
        Text {
            visible: root.error.length > 0
            text: root.error
            color: Theme.danger
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
    }
}
