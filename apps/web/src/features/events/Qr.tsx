import { useEffect, useState } from 'react';

/** A QR code as an image; the qrcode library loads only on pages that show one. */
export function Qr({ text, label }: { text: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode').then((q) =>
      q.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, scale: 8 }).then((url) => {
        if (live) setSrc(url);
      }),
    );
    return () => {
      live = false;
    };
  }, [text]);
  return src ? <img src={src} alt={label} width={260} height={260} /> : <div style={{ height: 260 }} aria-hidden="true" />;
}
