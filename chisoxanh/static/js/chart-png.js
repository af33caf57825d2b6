// Saves a server-drawn SVG chart as a PNG, in the browser: no server round trip, no library.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-png]");
  if (!button) return;
  const svg = document.querySelector(`#${button.dataset.png} svg`);
  if (!svg) return;
  const width = svg.viewBox.baseVal.width, height = svg.viewBox.baseVal.height, scale = 2;
  const data = new XMLSerializer().serializeToString(svg);
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = width * scale;
    canvas.height = height * scale;
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = `${button.dataset.png}.png`;
      link.click();
      URL.revokeObjectURL(link.href);
    }, "image/png");
  };
  image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(data);
});
