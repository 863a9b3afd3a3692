pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Dialogs
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// The model library: every GGUF model found in the standard folders and the user's, with what it
// is and whether it fits this machine; search, sort by column, one click loads, folders below.
// A second tab downloads models from Hugging Face (LibraryDownload).
Popup {
    id: root
    modal: true
    anchors.centerIn: parent
    width: Math.min(1120, parent ? parent.width - 48 : 1120)
    height: Math.min(760, parent ? parent.height - 48 : 760)
    padding: Theme.spacingLarge
    // Which tab shows: 0 the models on this computer, 1 downloads from Hugging Face.
    property alias tab: tabs.currentIndex
    onOpened: {
        LibraryController.rescan();
        if (tab === 0) search.forceActiveFocus();
        else download.focusInput();
    }
    background: Rectangle { radius: Theme.radius + 4; color: Theme.background; border.color: Theme.border }

    // A column title that sorts by `key` (LibraryListModel.SortKey) and shows the direction.
    component SortHeader: AbstractButton {
        id: header
        required property string label
        required property int key
        readonly property bool active: LibraryController.sortKey === key
        hoverEnabled: true
        Accessible.name: qsTr("Sort by %1").arg(label)
        onClicked: LibraryController.sortBy(key)
        contentItem: Text {
            text: header.label + (header.active ? (LibraryController.sortAscending ? " ▲" : " ▼") : "")
            color: header.active || header.hovered ? Theme.text : Theme.textMuted
            font.pixelSize: Theme.fontSmall
            font.weight: header.active ? Font.DemiBold : Font.Normal
            horizontalAlignment: header.Layout.alignment === Qt.AlignRight ? Text.AlignRight : Text.AlignLeft
        }
    }
    // A tab title, underlined in the accent colour when current.
    component LibraryTab: TabButton {
        id: tab
        width: implicitWidth
        padding: Theme.spacing
        horizontalPadding: Theme.spacingLarge
        hoverEnabled: true
        contentItem: Text {
            text: tab.text
            color: tab.checked || tab.hovered ? Theme.text : Theme.textMuted
            font.pixelSize: Theme.fontNormal
            font.weight: tab.checked ? Font.DemiBold : Font.Normal
        }
        background: Rectangle {
            color: "transparent"
            Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 2; color: tab.checked ? Theme.accent : Theme.border }
        }
    }
    component HeaderText: Text {
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Text {
                text: qsTr("Model library")
                color: Theme.text
                font.pixelSize: Theme.fontLarge
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
            }
            Text {
                text: LibraryController.scanning ? qsTr("Scanning…")
                      : (LibraryController.models.count === 1 ? qsTr("1 model") : qsTr("%1 models").arg(LibraryController.models.count))
                        + (LibraryController.deviceName ? qsTr(" · fit for %1").arg(LibraryController.deviceName) : "")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
            TextField {
                id: search
                visible: tabs.currentIndex === 0
                placeholderText: qsTr("Search name, family, type…")
                text: LibraryController.search
                onTextEdited: LibraryController.search = text
                Layout.preferredWidth: 280
                Accessible.name: qsTr("Search the library")
            }
            IconButton { text: "⟳"; tip: qsTr("Scan again"); enabled: !LibraryController.scanning; onClicked: LibraryController.rescan() }
            IconButton { text: "✕"; tip: qsTr("Close"); onClicked: root.close() }
        }

        TabBar {
            id: tabs
            Layout.fillWidth: true
            background: Item {}
            LibraryTab { text: qsTr("On this computer") }
            LibraryTab { objectName: "downloadTab"; text: qsTr("Download from Hugging Face") }
        }

        StackLayout {
            currentIndex: tabs.currentIndex
            Layout.fillWidth: true
            Layout.fillHeight: true
            ColumnLayout {
                spacing: Theme.spacing
                Text {
                    visible: LibraryController.problem.length > 0
                    text: LibraryController.problem
                    color: Theme.danger
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }

                // Column titles, with the widths and spacing of LibraryRowDelegate's cells.
                RowLayout {
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spacing
                    Layout.rightMargin: Theme.spacing
                    spacing: Theme.spacingLarge
                    SortHeader { label: qsTr("Name"); key: LibraryListModel.Name; Layout.fillWidth: true; Layout.preferredWidth: 100 }
                    SortHeader { label: qsTr("Parameters"); key: LibraryListModel.Parameters; Layout.preferredWidth: 80 }
                    HeaderText { text: qsTr("Types"); Layout.preferredWidth: 110 }
                    SortHeader { label: qsTr("Size"); key: LibraryListModel.FileSize; Layout.preferredWidth: 80 }
                    SortHeader { label: qsTr("Context"); key: LibraryListModel.Context; Layout.preferredWidth: 70 }
                    HeaderText { text: qsTr("Reasoning"); Layout.preferredWidth: 76 }
                    SortHeader { label: qsTr("Fit"); key: LibraryListModel.Fit; Layout.preferredWidth: 160 }
                    Item { Layout.preferredWidth: 56 }  // the Folder buttons
                }

                ListView {
                    id: list
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    spacing: 2
                    model: LibraryController.models
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollBar.vertical: ScrollBar {}
                    delegate: LibraryRowDelegate {
                        width: list.width
                        onLoadRequested: path => { LibraryController.load(path); root.close(); }
                        onRevealRequested: path => LibraryController.reveal(path)
                    }
                    Text {
                        anchors.centerIn: parent
                        visible: list.count === 0 && !LibraryController.scanning
                        text: LibraryController.search ? qsTr("No model matches “%1”.").arg(LibraryController.search)
                                                       : qsTr("No GGUF models found in these folders. Add a folder below.")
                        color: Theme.textMuted
                    }
                }

                LibraryFolders {
                    Layout.fillWidth: true
                    onAddRequested: folderDialog.open()
                }
            }
            LibraryDownload { id: download }
        }
    }

    FolderDialog {
        id: folderDialog
        title: qsTr("Add a folder of models")
        onAccepted: LibraryController.addFolder(selectedFolder)
    }
}
