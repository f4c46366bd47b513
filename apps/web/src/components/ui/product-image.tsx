import { useState } from 'react';
import { productImageSrc } from '@tradepost/web-contract';

/**
 * A product's picture. Demo pictures load from the server (web-contract's demo-images.ts); a
 * missing or dead one (real catalogs have dead links too) becomes a neutral tile of the same size
 * instead of the browser's broken-image icon.
 */
export function ProductImage({
  url,
  alt,
  className,
}: {
  url: string | undefined;
  alt: string;
  className?: string;
}) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const classes = ['product-image', className].filter(Boolean).join(' ');
  if (!url || failedUrl === url) {
    return (
      <div
        className={`${classes} image-fallback`}
        {...(alt ? { role: 'img', 'aria-label': alt } : { 'aria-hidden': true })}
      >
        <svg viewBox="0 0 24 24" width="40" height="40" fill="none" stroke="currentColor" strokeWidth="1.5">
          <rect x="3" y="4" width="18" height="16" rx="2" />
          <circle cx="9" cy="10" r="2" />
          <path d="m21 16-5-5-9 9" />
        </svg>
      </div>
    );
  }
  return (
    <img
      className={classes}
      src={productImageSrc(url)}
      alt={alt}
      loading="lazy"
      referrerPolicy="no-referrer"
      onError={() => setFailedUrl(url)}
    />
  );
}
