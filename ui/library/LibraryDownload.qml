pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// The library's Download tab: paste a Hugging Face repo id or address, see its GGUF models with
// size and fit, download one into Ponder's models folder; the downloads below show progress,
// speed and time left, with pause, resume and cancel. Nothing is fetched until the user asks.
ColumnLayout {
    id: root
    spacing: Theme.spacing

    function focusInput() { repoField.forceActiveFocus(); }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacing
        TextField {
            id: repoField
            objectName: "repoField"
            placeholderText: qsTr("Hugging Face repo, e.g. Qwen/QwQ-32B-GGUF or its huggingface.co address")
            Layout.fillWidth: true
            Accessible.name: qsTr("Hugging Face repo to list")
            onAccepted: DownloadController.list(text)
            // `ponder --download` lists a repo before anything was typed here.
            Connections {
                target: DownloadController
                function onListingChanged() { if (repoField.text.length === 0) repoField.text = DownloadController.repo; }
            }
        }
        Button {
            text: DownloadController.listing ? qsTr("Listing…") : qsTr("List files")
            enabled: !DownloadController.listing && repoField.text.trim().length > 0
            onClicked: DownloadController.list(repoField.text)
        }
        Button {
            text: DownloadController.hasToken ? qsTr("Token ✓") : qsTr("Access token…")
            flat: true
            onClicked: tokenRow.visible = !tokenRow.visible
            ToolTip.visible: hovered
            ToolTip.text: qsTr("For gated or private repos; kept in the system keychain")
        }
    }

    RowLayout {
        id: tokenRow
        visible: false
        Layout.fillWidth: true
        spacing: Theme.spacing
        TextField {
            id: tokenField
            placeholderText: DownloadController.hasToken ? qsTr("A token is set; paste another to replace it")
                                                         : qsTr("hf_… (a read token from huggingface.co/settings/tokens)")
            echoMode: TextInput.Password
            Layout.fillWidth: true
            Accessible.name: qsTr("Hugging Face access token")
        }
        Button {
            text: qsTr("Save")
            enabled: tokenField.text.length > 0
            onClicked: { DownloadController.saveToken(tokenField.text); tokenField.clear(); tokenRow.visible = false; }
        }
        Button { text: qsTr("Forget"); enabled: DownloadController.hasToken; onClicked: DownloadController.forgetToken() }
    }

    Text {
        visible: text.length > 0
        text: DownloadController.listProblem
        color: Theme.danger
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }

    Text {
        visible: DownloadController.files.count > 0
        text: qsTr("GGUF models in %1 (fit: the download's size against the GPU's and the RAM's free memory)").arg(DownloadController.repo)
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        Layout.fillWidth: true
    }

    ListView {
        id: files
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.minimumHeight: 120
        clip: true
        spacing: 2
        model: DownloadController.files
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}
        delegate: ItemDelegate {
            id: fileRow
            required property int index
            required property string name
            required property int parts
            required property string size
            required property string fit
            required property int fitKind
            required property string problem
            required property bool downloaded
            width: files.width
            padding: Theme.spacing
            background: Rectangle { radius: Theme.radius; color: Theme.surface }
            contentItem: RowLayout {
                spacing: Theme.spacingLarge
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 100  // the name takes what the fixed columns leave
                    spacing: 2
                    Text {
                        text: fileRow.name
                        color: Theme.text
                        font.pixelSize: Theme.fontSmall + 1
                        font.weight: Font.DemiBold
                        elide: Text.ElideMiddle
                        Layout.fillWidth: true
                    }
                    Text {
                        text: fileRow.problem.length > 0 ? fileRow.problem
                              : (fileRow.parts > 1 ? qsTr("split into %1 files, downloaded as one model").arg(fileRow.parts)
                                                   : qsTr("one file"))
                        color: fileRow.problem.length > 0 ? Theme.danger : Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        Layout.fillWidth: true
                    }
                }
                Text { text: fileRow.size; color: Theme.text; font.pixelSize: Theme.fontSmall + 1; Layout.preferredWidth: 80; Layout.maximumWidth: 80 }
                RowLayout {
                    Layout.preferredWidth: 150
                    Layout.maximumWidth: 150
                    spacing: 6
                    Rectangle {
                        width: 8; height: 8; radius: 4
                        color: fileRow.fitKind === 0 ? "#2eb872"
                             : (fileRow.fitKind === 1 || fileRow.fitKind === 2 ? "#e0a82e"
                                : (fileRow.fitKind === 4 ? Theme.textMuted : Theme.danger))
                    }
                    Text { text: fileRow.fit; color: Theme.text; font.pixelSize: Theme.fontSmall + 1; Layout.fillWidth: true }
                }
                Button {
                    text: fileRow.downloaded ? qsTr("Downloaded") : qsTr("Download")
                    enabled: !fileRow.downloaded && fileRow.problem.length === 0
                    Layout.preferredWidth: 110
                    onClicked: DownloadController.download(fileRow.index)
                }
            }
        }
        Text {
            anchors.centerIn: parent
            width: parent.width - 2 * Theme.spacingLarge
            visible: files.count === 0 && !DownloadController.listing && DownloadController.listProblem.length === 0
            text: qsTr("Paste a repo to see its GGUF models. Ponder contacts Hugging Face only when you list or download.")
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            color: Theme.textMuted
        }
    }

    Text {
        visible: downloads.count > 0
        text: qsTr("Downloads")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
    }
    ListView {
        id: downloads
        Layout.fillWidth: true
        Layout.preferredHeight: Math.min(contentHeight, 220)
        visible: count > 0
        clip: true
        spacing: 2
        model: DownloadController.downloads
        delegate: DownloadProgressDelegate { width: downloads.width }
    }
}
