import QtQuick
import QtTest
import Ponder

// The toast and its action (Undo): the action is drawn with the theme's colours, and every text
// on the toast has WCAG AA contrast (≥ 4.5:1) in the light and the dark theme, including the
// hovered button.
Item {
    id: stage
    width: 700
    height: 300

    TestCase {
        name: "Toast"
        when: windowShown

        Component {
            id: toastComponent
            Toast {}
        }

        // WCAG 2: relative luminance of an sRGB colour, and the contrast ratio of two.
        function luminance(c) {
            const linear = v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
            return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
        }
        function contrast(a, b) {
            const la = luminance(a), lb = luminance(b);
            return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
        }

        function cleanup() { Theme.mode = "system"; }

        function test_contrast_data() {
            return [{ tag: "light", mode: "light" }, { tag: "dark", mode: "dark" }];
        }
        function test_contrast(data) {
            Theme.mode = data.mode;
            const pairs = [
                ["message", Theme.toastText, Theme.toastBackground],
                ["action", Theme.toastAction, Theme.toastActionBackground],
                ["hovered action", Theme.toastAction, Theme.toastActionHover],
            ];
            for (const [what, text, background] of pairs) {
                const ratio = contrast(text, background);
                verify(ratio >= 4.5, `${what} in ${data.mode}: ${ratio.toFixed(2)}:1`);
            }
        }

        function test_theActionUsesTheThemeColours_data() {
            return [{ tag: "light", mode: "light" }, { tag: "dark", mode: "dark" }];
        }
        function test_theActionUsesTheThemeColours(data) {
            Theme.mode = data.mode;
            const toast = createTemporaryObject(toastComponent, stage);
            toast.show("Conversation deleted", "Undo");
            tryVerify(() => toast.opened);
            const text = findChild(toast.contentItem, "toastActionText");
            const background = findChild(toast.contentItem, "toastActionBackground");
            verify(text.visible);
            compare(text.text, "Undo");
            verify(Qt.colorEqual(text.color, Theme.toastAction));
            verify(Qt.colorEqual(background.color, Theme.toastActionBackground));
            verify(contrast(text.color, background.color) >= 4.5);
        }
    }
}
