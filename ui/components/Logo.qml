import QtQuick

// The Ponder mark, drawn from the same paths as resources/ponder.svg (this Qt has no SVG
// image plugin): a speech bubble holding a thought spiral.
Canvas {
    id: root
    implicitWidth: 32
    implicitHeight: 32
    Accessible.ignored: true
    onWidthChanged: requestPaint()
    onPaint: {
        const ctx = getContext("2d");
        ctx.reset();
        ctx.scale(width / 256, height / 256);
        const gradient = ctx.createLinearGradient(0, 0, 256, 256);
        gradient.addColorStop(0, "#6a7ff5");
        gradient.addColorStop(1, "#3d4fc9");
        ctx.fillStyle = gradient;
        ctx.beginPath();
        ctx.roundedRect(8, 8, 240, 240, 56, 56);
        ctx.fill();
        ctx.fillStyle = "#ffffff";
        ctx.path = "M64 72 h128 a24 24 0 0 1 24 24 v60 a24 24 0 0 1 -24 24 h-64 l-36 28 v-28 h-28 "
                 + "a24 24 0 0 1 -24 -24 v-60 a24 24 0 0 1 24 -24 z";
        ctx.fill();
        ctx.strokeStyle = "#4a63e7";
        ctx.lineWidth = 9;
        ctx.lineCap = "round";
        ctx.path = "M122 126 a6 6 0 1 1 12 0 a12 12 0 1 1 -24 0 a18 18 0 1 1 36 0 a24 24 0 1 1 -48 0";
        ctx.stroke();
    }
}
