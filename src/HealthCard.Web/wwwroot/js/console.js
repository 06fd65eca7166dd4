// The console's only script (CSP allows no inline script): file downloads and printing.
window.healthCard = {
    // Saves a stream from the server as a file (export files, rejection lists, reports).
    download: async function (fileName, contentType, streamReference) {
        const buffer = await streamReference.arrayBuffer();
        const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
        const link = document.createElement("a");
        link.href = url;
        link.download = fileName;
        document.body.appendChild(link);
        link.click();
        link.remove();
        URL.revokeObjectURL(url);
    },
    print: function () { window.print(); }
};
