import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { ApiError } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { type CheckInResult, eventsApi, formatAt } from './api';
import { CheckinGraceForm } from './CheckinGraceForm';
import './events.css';

const CODE_RE = /^LX-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

interface Detector {
  detect(source: HTMLVideoElement): Promise<Array<{ rawValue: string }>>;
}
type DetectorCtor = new (opts: { formats: string[] }) => Detector;

/** The browser's BarcodeDetector, where it exists (Chrome on Android); typing always works. */
function barcodeDetector(): DetectorCtor | null {
  const w = window as unknown as { BarcodeDetector?: DetectorCtor };
  return w.BarcodeDetector ?? null;
}

/** The organiser's door screen: scan a ticket's QR with the phone camera, or type its code. */
export default function CheckInPage() {
  const { t, i18n } = useTranslation('events');
  const { me, loading } = useSession();
  const [code, setCode] = useState('');
  const [fieldErr, setFieldErr] = useState<string | undefined>();
  const [result, setResult] = useState<CheckInResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [usedAt, setUsedAt] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const [scanNote, setScanNote] = useState<string | null>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const busyRef = useRef(false);

  const stop = useCallback(() => {
    for (const tr of streamRef.current?.getTracks() ?? []) tr.stop();
    streamRef.current = null;
    setScanning(false);
  }, []);
  // The camera goes off when the organiser leaves the page.
  useEffect(() => stop, [stop]);

  async function submit(raw: string) {
    const c = raw.trim().toUpperCase();
    if (!CODE_RE.test(c)) {
      setFieldErr(t('codeInvalid'));
      return;
    }
    if (busyRef.current) return;
    busyRef.current = true;
    setFieldErr(undefined);
    setError(null);
    setUsedAt(null);
    setResult(null);
    try {
      setResult(await eventsApi.checkIn(c));
      setCode('');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'TICKET_ALREADY_USED')
        setUsedAt((err.details as { checkedInAt?: string })?.checkedInAt ?? '');
      else setError(err);
    } finally {
      busyRef.current = false;
    }
  }

  async function startScan() {
    const Ctor = barcodeDetector();
    if (!Ctor || !navigator.mediaDevices?.getUserMedia) {
      setScanNote(t('scanUnsupported'));
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      streamRef.current = stream;
      setScanning(true);
      const video = videoRef.current;
      if (!video) return;
      video.srcObject = stream;
      await video.play();
      const detector = new Ctor({ formats: ['qr_code'] });
      let last = '';
      const tick = async () => {
        if (!streamRef.current) return;
        try {
          const found = await detector.detect(video);
          const value = found[0]?.rawValue?.trim().toUpperCase();
          if (value && value !== last && CODE_RE.test(value)) {
            last = value;
            setCode(value);
            await submit(value);
          }
        } catch {
          // a frame that could not be read: try the next one
        }
        if (streamRef.current) setTimeout(tick, 300);
      };
      void tick();
    } catch {
      stop();
      setScanNote(t('scanDenied'));
    }
  }

  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/events/checkin" replace />;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(code);
  };
  return (
    <Page title={t('scanTitle')}>
      <div aria-live="polite">
        {result && (
          <p className="ok-note" data-testid="checkin-ok">
            ✓ {t('checkedIn', { name: result.name, title: result.title })} · {formatAt(result.checkedInAt, i18n.language)}
            {result.creditedHours && ` ${t('hoursCredited')}`}
          </p>
        )}
        {usedAt !== null && (
          <p className="error-note" data-testid="checkin-used">
            ⚠ {t('alreadyUsed', { at: usedAt ? formatAt(usedAt, i18n.language) : '' })}
          </p>
        )}
        <ErrorNote error={error} />
      </div>
      <video ref={videoRef} className="ev-video" playsInline muted hidden={!scanning} aria-label={t('scanTitle')} />
      {scanning ? (
        <button type="button" className="btn btn-secondary btn-block" onClick={stop}>
          {t('scanStop')}
        </button>
      ) : (
        <button type="button" className="btn btn-block" onClick={startScan}>
          {t('scanStart')}
        </button>
      )}
      {scanNote && <p className="muted">{scanNote}</p>}
      <h2>{t('typeCode')}</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <Field
          name="code"
          label={t('codeLabel')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          error={fieldErr}
          data-testid="ticket-input"
        />
        <button type="submit" className="btn btn-block" data-testid="checkin-submit">
          {t('checkIn')}
        </button>
      </form>
      <CheckinGraceForm />
    </Page>
  );
}
