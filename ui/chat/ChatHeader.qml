import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// Title of the chat, and what the engine is doing: model, quantization, context, speed, device.
Rectangle {
    id: root
    signal openModelRequested()
    signal libraryRequested()
    signal settingsRequested()

    implicitHeight: 52
    color: Theme.background

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.spacingLarge
        anchors.rightMargin: Theme.spacing
        spacing: Theme.spacingLarge

        Text {
            text: ChatController.currentTitle
            color: Theme.text
            font.pixelSize: Theme.fontNormal + 1
            font.weight: Font.DemiBold
            elide: Text.ElideRight
            Layout.fillWidth: true
            Accessible.role: Accessible.Heading
        }

        // Model chip: opens the model dialog.
        AbstractButton {
            id: chip
            hoverEnabled: true
            Accessible.name: ChatController.modelReady ? qsTr("Model %1, click to change").arg(ChatController.modelName)
                                                       : qsTr("Open a model")
            onClicked: root.openModelRequested()
            padding: 6
            leftPadding: 10
            rightPadding: 10
            contentItem: RowLayout {
                spacing: 6
                Rectangle {
                    width: 8; height: 8; radius: 4
                    color: ChatController.modelReady ? "#2eb872" : (ChatController.loading ? "#e0a82e" : Theme.textMuted)
                }
                Text {
                    text: ChatController.modelReady ? ChatController.modelName
                                                    : (ChatController.loading ? qsTr("Loading… %1%").arg(Math.round(ChatController.loadProgress * 100))
                                                                              : qsTr("No model"))
                    color: Theme.text
                    font.pixelSize: Theme.fontSmall + 1
                    font.weight: Font.Medium
                }
                Text {
                    visible: ChatController.modelReady
                    text: ChatController.remoteServer.length > 0
                          ? qsTr("on %1").arg(ChatController.remoteServer)
                          : ChatController.modelArchitecture + " · " + ChatController.modelQuantization
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                }
            }
            background: Rectangle {
                radius: height / 2
                color: chip.hovered ? Theme.surfaceHover : Theme.surface
                border.color: Theme.border
            }
        }

        Text {
            id: contextStats
            visible: ChatController.modelReady && (ChatController.contextLimit > 0 || ChatController.contextUsed > 0)
            text: (ChatController.contextLimit > 0 ? qsTr("ctx %1 / %2").arg(ChatController.contextUsed).arg(ChatController.contextLimit)
                                                   : qsTr("%1 tokens").arg(ChatController.contextUsed))
                  + (ChatController.tokensPerSecond > 0 ? qsTr("  ·  %1 tok/s").arg(ChatController.tokensPerSecond.toFixed(1)) : "")
                  + (ChatController.timeToFirstTokenMs > 0 ? qsTr("  ·  TTFT %1 ms").arg(Math.round(ChatController.timeToFirstTokenMs)) : "")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            HoverHandler { id: contextHover }
            ToolTip.visible: contextHover.hovered && ChatController.contextReason.length > 0
            ToolTip.text: qsTr("Context: %1").arg(ChatController.contextReason)
            Accessible.description: ChatController.contextReason
        }
        Text {
            visible: ChatController.deviceName.length > 0
            text: ChatController.deviceName
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            elide: Text.ElideRight
            Layout.maximumWidth: 180
        }
        IconButton {
            text: qsTr("Library")
            tip: qsTr("Model library: every model on this computer (Ctrl+L)")
            onClicked: root.libraryRequested()
        }
        IconButton {
            text: "⚙"
            tip: qsTr("Settings (Ctrl+,)")
            onClicked: root.settingsRequested()
        }
    }
    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: 1
        color: Theme.border
    }
}
