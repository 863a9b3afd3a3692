pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Dialogs
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// Choosing a model: a file picker or a recent model, then what is in it and whether it fits,
// then loading with progress and Cancel; or a model on a remote server (RemoteModelPicker).
Dialog {
    id: root
    title: qsTr("Open model")
    modal: true
    anchors.centerIn: parent
    width: Math.min(560, parent ? parent.width - 48 : 560)
    padding: Theme.spacingLarge
    standardButtons: Dialog.NoButton
    onOpened: pathField.reset()

    function inspectFile(url) {
        ModelController.inspect(url);
        open();
    }

    background: Rectangle { radius: Theme.radius + 4; color: Theme.background; border.color: Theme.border }
    header: Label {
        text: root.title
        color: Theme.text
        font.pixelSize: Theme.fontLarge
        font.weight: Font.DemiBold
        padding: Theme.spacingLarge
        bottomPadding: 0
    }

    FileDialog {
        id: picker
        title: qsTr("Choose a GGUF model")
        nameFilters: [qsTr("GGUF models (*.gguf)"), qsTr("All files (*)")]
        onAccepted: ModelController.inspect(selectedFile)
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacing

        // Nothing chosen yet: the picker and recent models.
        IconButton {
            visible: !ModelController.hasPreview && !ModelController.inspecting && !ChatController.loading
            text: qsTr("Choose a .gguf file…")
            tip: qsTr("Pick a model file")
            primary: true
            onClicked: picker.open()
        }
        // Typing or pasting a path also works (and where no file dialog is available).
        ModelPathField {
            id: pathField
            visible: !ModelController.hasPreview && !ModelController.inspecting && !ChatController.loading
            Layout.fillWidth: true
            onPathEntered: path => ModelController.inspectPath(path)
        }
        Label {
            visible: !ModelController.hasPreview && !ChatController.loading && ModelController.recentModels.length > 0
            text: qsTr("Recent")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }
        Repeater {
            model: ModelController.hasPreview || ChatController.loading ? [] : ModelController.recentModels
            delegate: ItemDelegate {
                required property string modelData
                Layout.fillWidth: true
                text: modelData.split("/").pop()
                ToolTip.text: modelData
                ToolTip.visible: hovered
                onClicked: ModelController.inspectPath(modelData)
            }
        }
        RemoteModelPicker {
            visible: !ModelController.hasPreview && !ModelController.inspecting && !ChatController.loading
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacing
        }
        BusyIndicator { visible: ModelController.inspecting; running: visible; Layout.alignment: Qt.AlignHCenter }

        // The summary before loading.
        GridLayout {
            visible: ModelController.hasPreview && ModelController.previewError.length === 0
            columns: 2
            columnSpacing: Theme.spacingLarge
            rowSpacing: Theme.spacingSmall
            Repeater {
                model: [
                    [qsTr("Model"), ModelController.previewName],
                    [qsTr("Architecture"), ModelController.previewArchitecture],
                    [qsTr("Parameters"), ModelController.previewParameters],
                    [qsTr("Quantization"), ModelController.previewQuantization],
                    [qsTr("File size"), ModelController.previewFileSize],
                    [qsTr("Context"), ModelController.previewContextLength.toLocaleString(Qt.locale(), "f", 0) + qsTr(" tokens: ") + ModelController.previewContextReason],
                    [qsTr("Memory needed"), ModelController.previewMemory],
                    [qsTr("Device"), ModelController.previewDevice],
                    [qsTr("Runs on"), ModelController.previewPlacement],
                    [qsTr("Uses"), ModelController.previewPlanMemory],
                    [qsTr("Expected speed"), ModelController.previewSpeed]
                ].filter(row => row[1].length > 0)
                delegate: RowLayout {
                    required property var modelData
                    Layout.columnSpan: 2
                    Label { text: parent.modelData[0]; color: Theme.textMuted; Layout.preferredWidth: 130 }
                    Label { text: parent.modelData[1]; color: Theme.text; Layout.fillWidth: true; wrapMode: Text.Wrap }
                }
            }
        }
        Label {
            visible: ModelController.hasPreview && ModelController.previewError.length === 0 && !ModelController.previewFits
            text: qsTr("This model probably does not fit in the device memory even with a short context. Pick a smaller quantization, or a q8_0 / q4_0 KV cache in Settings.")
            color: Theme.danger
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            visible: ModelController.previewError.length > 0
            text: ModelController.previewError
            color: Theme.danger
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        // Loading.
        ProgressBar {
            visible: ChatController.loading
            value: ChatController.loadProgress
            Layout.fillWidth: true
            Accessible.name: qsTr("Loading progress")
        }

        RowLayout {
            Layout.topMargin: Theme.spacing
            Item { Layout.fillWidth: true }
            Button {
                text: ChatController.loading ? qsTr("Cancel loading") : qsTr("Close")
                onClicked: {
                    if (ChatController.loading) {
                        ChatController.cancelLoad();
                    } else {
                        ModelController.clearPreview();
                        root.close();
                    }
                }
            }
            IconButton {
                visible: ModelController.hasPreview && ModelController.previewError.length === 0
                text: qsTr("Load")
                tip: qsTr("Load this model")
                primary: true
                onClicked: ModelController.loadPreviewed()
            }
        }
    }

    Connections {
        target: ChatController
        function onModelChanged() {
            if (ChatController.modelReady)
                root.close();
        }
    }
}
