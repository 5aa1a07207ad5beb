// A "Copy" button for a block of code: the guides' blocks (copy.js) and the console's (console.js).
// Without a clipboard it says to select and copy instead.

/** @param {() => string} text the code to copy, read when the button is pressed */
export function copyButton(text) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy";
  button.textContent = "Copy";
  button.setAttribute("aria-label", "Copy this code");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text());
      button.textContent = "Copied";
    } catch {
      button.textContent = "Select and copy";
    }
    setTimeout(() => {
      button.textContent = "Copy";
    }, 2000);
  });
  return button;
}
