pragma Singleton
import QtQuick

// One neutral palette for light and dark, and the spacing/type scale every view uses.
QtObject {
    // "system", "light" or "dark"; Main.qml binds it to the settings.
    property string mode: "system"
    property bool systemDark: false
    readonly property bool dark: mode === "dark" || (mode === "system" && systemDark)
    property int baseFontSize: 14

    readonly property color background: dark ? "#18181b" : "#ffffff"
    readonly property color sidebar: dark ? "#111113" : "#f6f6f7"
    readonly property color surface: dark ? "#222226" : "#f1f1f3"
    readonly property color surfaceHover: dark ? "#2a2a2f" : "#e9e9ec"
    readonly property color border: dark ? "#2f2f35" : "#e2e2e6"
    readonly property color text: dark ? "#ececef" : "#1b1b1f"
    readonly property color textMuted: dark ? "#9a9aa3" : "#6b6b74"
    readonly property color accent: dark ? "#8b9bff" : "#4a63e7"
    readonly property color accentText: "#ffffff"
    readonly property color userBubble: dark ? "#262a3d" : "#edf0fd"
    readonly property color codeBackground: dark ? "#0f0f12" : "#f3f3f5"
    readonly property color danger: dark ? "#ff7b7b" : "#c62828"
    readonly property color highlight: dark ? "#5a4b12" : "#fff1b8"
    // Toasts are dark in both themes; their action is a button with text at WCAG AA contrast
    // (≥ 4.5:1 against its fill, tests/qml/tst_toast.qml computes it).
    readonly property color toastBackground: dark ? "#2c2c31" : "#26262b"
    readonly property color toastText: "#f2f2f4"
    readonly property color toastAction: "#b8c2ff"
    readonly property color toastActionBackground: dark ? "#3d3d47" : "#3a3a43"
    readonly property color toastActionHover: dark ? "#4a4a56" : "#474751"

    readonly property int spacingSmall: 4
    readonly property int spacing: 8
    readonly property int spacingLarge: 16
    readonly property int radius: 8
    readonly property int sidebarWidth: 272
    readonly property int contentMaxWidth: 820

    readonly property int fontSmall: baseFontSize - 2
    readonly property int fontNormal: baseFontSize
    readonly property int fontLarge: baseFontSize + 3
    readonly property string monospace: "DejaVu Sans Mono"
}
