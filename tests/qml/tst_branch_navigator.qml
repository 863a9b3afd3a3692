import QtQuick
import QtTest
import Ponder

// "‹ 2/3 ›": shows the position, asks for the neighbours, and stops at the ends.
// TestCase itself is an invisible item; components under test live on the visible stage.
Item {
    id: stage
    width: 300
    height: 100

    TestCase {
        id: testCase
        name: "BranchNavigator"
        when: windowShown

        Component {
            id: navigatorComponent
            BranchNavigator { branchIndex: 1; branchCount: 3 }
        }
        SignalSpy { id: previousSpy; signalName: "previousRequested" }
        SignalSpy { id: nextSpy; signalName: "nextRequested" }

        function makeNavigator(properties) {
            const navigator = createTemporaryObject(navigatorComponent, stage, properties || {});
            previousSpy.clear();
            previousSpy.target = navigator;
            nextSpy.clear();
            nextSpy.target = navigator;
            return navigator;
        }

        function test_showsOneBasedPosition() {
            const navigator = makeNavigator();
            compare(findChild(navigator, "branchLabel").text, "2/3");
            verify(navigator.visible);
        }

        function test_buttonsAskForNeighbours() {
            const navigator = makeNavigator();
            mouseClick(findChild(navigator, "previousBranch"));
            mouseClick(findChild(navigator, "nextBranch"));
            compare(previousSpy.count, 1);
            compare(nextSpy.count, 1);
        }

        function test_endsAreDisabled() {
            const first = makeNavigator({ branchIndex: 0 });
            verify(!findChild(first, "previousBranch").enabled);
            verify(findChild(first, "nextBranch").enabled);
            const last = makeNavigator({ branchIndex: 2 });
            verify(!findChild(last, "nextBranch").enabled);
        }

        function test_hiddenForASingleVersion() {
            const navigator = makeNavigator({ branchIndex: 0, branchCount: 1 });
            verify(!navigator.visible);
        }
    }
}
