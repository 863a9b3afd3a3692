pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Dialogs
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// The window: sidebar | header, conversation, composer. Dialogs, toasts, drag-and-drop, shortcuts.
ApplicationWindow {
    id: window
    width: 1280
    height: 820
    minimumWidth: 720
    minimumHeight: 480
    visible: true
    title: ChatController.currentConversationId !== 0 ? ChatController.currentTitle + " — Ponder" : "Ponder"
    color: Theme.background
    font.pixelSize: Theme.fontNormal
    palette.window: Theme.background
    palette.base: Theme.background
    palette.text: Theme.text
    palette.windowText: Theme.text
    palette.button: Theme.surface
    palette.buttonText: Theme.text
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.accentText
    palette.placeholderText: Theme.textMuted
    palette.mid: Theme.border
    palette.light: Theme.surface
    palette.dark: Theme.border

    // Set by `ponder --show settings|model|library` and `ponder --download` (screenshots, docs).
    property string startupPanel: ""
    onStartupPanelChanged: {
        if (startupPanel === "settings")
            settingsPage.open();
        else if (startupPanel === "remote-servers")
            settingsPage.openAtRemoteServers();
        else if (startupPanel === "model")
            modelDialog.open();
        else if (startupPanel === "library" || startupPanel === "download") {
            libraryPage.tab = startupPanel === "download" ? 1 : 0;
            libraryPage.open();
        }
    }

    SystemPalette { id: systemPalette }
    Binding { target: Theme; property: "mode"; value: SettingsController.theme }
    Binding { target: Theme; property: "baseFontSize"; value: SettingsController.fontSize }
    Binding { target: Theme; property: "systemDark"; value: systemPalette.window.hslLightness < 0.5 }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Sidebar {
            id: sidebar
            Layout.fillHeight: true
            Layout.preferredWidth: Theme.sidebarWidth
            onExportRequested: id => { exportDialog.conversationId = id; exportDialog.open(); }
            onImportRequested: importDialog.open()
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            ChatHeader {
                Layout.fillWidth: true
                onOpenModelRequested: modelDialog.open()
                onLibraryRequested: libraryPage.open()
                onSettingsRequested: settingsPage.open()
            }
            ChatView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                onOpenModelRequested: modelDialog.open()
            }
            ModelSwitchBar {
                Layout.fillWidth: true
                Layout.maximumWidth: Theme.contentMaxWidth
                Layout.alignment: Qt.AlignHCenter
                Layout.leftMargin: Theme.spacingLarge
                Layout.rightMargin: Theme.spacingLarge
                modelPath: ChatController.suggestedModelPath
                loadedModelName: ChatController.modelReady ? ChatController.modelName : ""
                onSwitchRequested: path => { ModelController.inspectPath(path); modelDialog.open(); }
            }
            Composer {
                id: composer
                Layout.fillWidth: true
                Layout.maximumWidth: Theme.contentMaxWidth
                Layout.alignment: Qt.AlignHCenter
                Layout.margins: Theme.spacingLarge
                Layout.topMargin: Theme.spacing
                generating: ChatController.generating
                disabledReason: ChatController.composerDisabledReason
                waitingReason: ChatController.composerWaitingReason
                queuedText: ChatController.queuedMessage
                thinkSwitchVisible: ChatController.thinkingSwitchAvailable
                thinkEnabled: ChatController.thinkingEnabled
                onThinkToggled: enabled => ChatController.setThinkingEnabled(enabled)
                onSendRequested: text => ChatController.send(text)
                onStopRequested: ChatController.stop()
                onEditQueuedRequested: composer.restore(ChatController.takeQueuedMessage())
            }
        }
    }

    // Dropping a .gguf file opens the pre-load summary.
    DropArea {
        anchors.fill: parent
        keys: ["text/uri-list"]
        onEntered: drag => drag.accepted = drag.urls.length > 0 && drag.urls[0].toString().toLowerCase().endsWith(".gguf")
        onDropped: drop => modelDialog.inspectFile(drop.urls[0])
        Rectangle {
            anchors.fill: parent
            visible: parent.containsDrag
            color: Qt.rgba(0.3, 0.4, 0.9, 0.12)
            border.color: Theme.accent
            border.width: 2
            Text { anchors.centerIn: parent; text: qsTr("Drop to open the model"); color: Theme.accent; font.pixelSize: Theme.fontLarge }
        }
    }

    ModelOpenDialog { id: modelDialog }
    SettingsPage { id: settingsPage }
    LibraryPage { id: libraryPage }
    Toast { id: errorToast }
    Toast {
        id: undoToast
        onActionTriggered: ChatController.undoDelete()
    }
    FileDialog {
        id: exportDialog
        property var conversationId: 0
        title: qsTr("Export conversation")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("Markdown (*.md)"), qsTr("JSON with all branches (*.json)")]
        onAccepted: ChatController.exportConversation(conversationId, selectedFile)
    }
    FileDialog {
        id: importDialog
        title: qsTr("Import conversation")
        nameFilters: [qsTr("Ponder JSON export (*.json)")]
        onAccepted: ChatController.importConversation(selectedFile)
    }

    Connections {
        target: ModelController
        function onNotice(message) { errorToast.show(message); }
    }
    Connections {
        target: LibraryController
        function onNotice(message) { errorToast.show(message); }
    }
    Connections {
        target: DownloadController
        function onNotice(message) { errorToast.show(message); }
    }
    Connections {
        target: ChatController
        function onErrorOccurred(message) { errorToast.show(message); }
        function onPendingDeletionChanged() {
            if (ChatController.pendingDeletionId !== 0)
                undoToast.show(qsTr("Conversation deleted"), qsTr("Undo"));
            else
                undoToast.close();
        }
        function onCurrentConversationChanged() { composer.focusInput(); }
        function onQueuedMessageReturned(text) { composer.restore(text); }
    }

    Shortcut { sequence: "Ctrl+N"; onActivated: { ChatController.newChat(); composer.focusInput(); } }
    Shortcut { sequences: ["Ctrl+K", "Ctrl+F"]; onActivated: sidebar.focusSearch() }
    Shortcut { sequence: "Ctrl+,"; onActivated: settingsPage.open() }
    Shortcut { sequence: "Ctrl+O"; onActivated: modelDialog.open() }
    Shortcut { sequence: "Ctrl+L"; onActivated: libraryPage.open() }
    Shortcut { sequence: "Esc"; enabled: ChatController.generating; onActivated: ChatController.stop() }

    Component.onCompleted: composer.focusInput()
}
