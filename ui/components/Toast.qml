import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder

// A short message at the bottom of the window, with an optional action such as Undo.
Popup {
    id: root
    property string message
    property string actionText
    signal actionTriggered()

    function show(text, action) {
        message = text;
        actionText = action || "";
        open();
        hideTimer.restart();
    }

    y: parent ? parent.height - height - 24 : 0
    x: parent ? (parent.width - width) / 2 : 0
    padding: 12
    closePolicy: Popup.NoAutoClose
    background: Rectangle {
        radius: Theme.radius
        color: Theme.dark ? "#2c2c31" : "#26262b"
    }
    contentItem: RowLayout {
        spacing: Theme.spacingLarge
        Label {
            text: root.message
            color: "#f2f2f4"
            wrapMode: Text.Wrap
            Layout.maximumWidth: 460
            font.pixelSize: Theme.fontNormal
            Accessible.role: Accessible.AlertMessage
        }
        Button {
            visible: root.actionText.length > 0
            text: root.actionText
            flat: true
            Accessible.name: root.actionText
            palette.buttonText: "#aab6ff"
            onClicked: {
                root.actionTriggered();
                root.close();
            }
        }
    }
    Timer {
        id: hideTimer
        interval: 5000
        onTriggered: root.close()
    }
}
