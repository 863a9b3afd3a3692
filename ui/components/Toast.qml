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
        color: Theme.toastBackground
        border.color: Theme.dark ? Theme.border : "transparent" // apart from the dark window
    }
    contentItem: RowLayout {
        spacing: Theme.spacingLarge
        Label {
            text: root.message
            color: Theme.toastText
            wrapMode: Text.Wrap
            Layout.maximumWidth: 460
            font.pixelSize: Theme.fontNormal
            Accessible.role: Accessible.AlertMessage
        }
        Button {
            id: action
            objectName: "toastAction"
            visible: root.actionText.length > 0
            text: root.actionText
            Accessible.name: root.actionText
            hoverEnabled: true
            leftPadding: Theme.spacingLarge
            rightPadding: Theme.spacingLarge
            contentItem: Text {
                objectName: "toastActionText"
                text: action.text
                color: Theme.toastAction
                font.pixelSize: Theme.fontNormal
                font.weight: Font.DemiBold
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
            background: Rectangle {
                objectName: "toastActionBackground"
                radius: Theme.radius - 2
                color: action.hovered || action.down ? Theme.toastActionHover : Theme.toastActionBackground
                border.color: action.visualFocus ? Theme.toastAction : "transparent"
            }
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
