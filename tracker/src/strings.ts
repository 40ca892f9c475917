/**
 * Every text the tracker shows the user, in the languages it ships, and how a site's own strings
 * and the page's language choose among them. `{agent}` in a string stands for the agent's display
 * name, which the panels insert as a text node: no string, the site's or the agent's, is ever HTML.
 */

export interface TandemStrings {
  /** `{agent}` asks to take control. */
  askControl: string;
  askAnnotate: string;
  askCall: string;
  askRecord: string;
  /** Banners while a grant is live. */
  controlling: string;
  annotating: string;
  recording: string;
  accept: string;
  decline: string;
  stop: string;
  /** The call panel. */
  callTitle: string;
  mute: string;
  unmute: string;
  cameraOff: string;
  cameraOn: string;
  hangUp: string;
  /** After the agent's name in the call panel. */
  agentMuted: string;
  agentCameraOff: string;
  /** The support code widget's button, and its panel's title. */
  supportCode: string;
  supportCodeTitle: string;
  /** Under the code. */
  supportCodeHint: string;
  /** Before the code's remaining lifetime, e.g. "Valid for 4:59". */
  supportCodeValid: string;
  supportCodeWaiting: string;
  supportCodeFailed: string;
  retry: string;
  close: string;
}

export type StringKey = keyof TandemStrings;

const EN: TandemStrings = {
  askControl: '{agent} asks to take control of your screen',
  askAnnotate: '{agent} asks to draw on your screen',
  askCall: '{agent} asks to start a video call',
  askRecord: '{agent} asks to record the call',
  controlling: '{agent} is controlling',
  annotating: '{agent} can draw on your screen',
  recording: '{agent} is recording the call',
  accept: 'Accept',
  decline: 'Decline',
  stop: 'Stop',
  callTitle: 'Video call',
  mute: 'Mute',
  unmute: 'Unmute',
  cameraOff: 'Camera off',
  cameraOn: 'Camera on',
  hangUp: 'Hang up',
  agentMuted: '(muted)',
  agentCameraOff: '(camera off)',
  supportCode: 'Support code',
  supportCodeTitle: 'Your support code',
  supportCodeHint: 'Read it out to the support agent.',
  supportCodeValid: 'Valid for',
  supportCodeWaiting: 'Getting your code…',
  supportCodeFailed: 'No code right now. Please try again in a moment.',
  retry: 'Try again',
  close: 'Close',
};

/** Built-in translations; `pt` is Brazilian Portuguese. */
export const BUILT_IN: Readonly<Record<string, TandemStrings>> = {
  en: EN,
  de: {
    askControl: '{agent} möchte die Steuerung Ihres Bildschirms übernehmen',
    askAnnotate: '{agent} möchte auf Ihrem Bildschirm zeichnen',
    askCall: '{agent} möchte einen Videoanruf starten',
    askRecord: '{agent} möchte den Anruf aufzeichnen',
    controlling: '{agent} steuert Ihren Bildschirm',
    annotating: '{agent} kann auf Ihrem Bildschirm zeichnen',
    recording: '{agent} zeichnet den Anruf auf',
    accept: 'Annehmen',
    decline: 'Ablehnen',
    stop: 'Beenden',
    callTitle: 'Videoanruf',
    mute: 'Mikrofon aus',
    unmute: 'Mikrofon an',
    cameraOff: 'Kamera aus',
    cameraOn: 'Kamera an',
    hangUp: 'Auflegen',
    agentMuted: '(stumm)',
    agentCameraOff: '(Kamera aus)',
    supportCode: 'Support-Code',
    supportCodeTitle: 'Ihr Support-Code',
    supportCodeHint: 'Nennen Sie ihn dem Support-Mitarbeiter.',
    supportCodeValid: 'Gültig noch',
    supportCodeWaiting: 'Code wird geholt…',
    supportCodeFailed: 'Gerade kein Code verfügbar. Bitte versuchen Sie es gleich noch einmal.',
    retry: 'Erneut versuchen',
    close: 'Schließen',
  },
  fr: {
    askControl: '{agent} demande à prendre le contrôle de votre écran',
    askAnnotate: '{agent} demande à dessiner sur votre écran',
    askCall: '{agent} demande à démarrer un appel vidéo',
    askRecord: "{agent} demande à enregistrer l'appel",
    controlling: '{agent} contrôle votre écran',
    annotating: '{agent} peut dessiner sur votre écran',
    recording: "{agent} enregistre l'appel",
    accept: 'Accepter',
    decline: 'Refuser',
    stop: 'Arrêter',
    callTitle: 'Appel vidéo',
    mute: 'Couper le micro',
    unmute: 'Activer le micro',
    cameraOff: 'Couper la caméra',
    cameraOn: 'Activer la caméra',
    hangUp: 'Raccrocher',
    agentMuted: '(micro coupé)',
    agentCameraOff: '(caméra coupée)',
    supportCode: "Code d'assistance",
    supportCodeTitle: "Votre code d'assistance",
    supportCodeHint: 'Lisez-le à votre conseiller.',
    supportCodeValid: 'Valable encore',
    supportCodeWaiting: 'Obtention du code…',
    supportCodeFailed: 'Aucun code pour le moment. Réessayez dans un instant.',
    retry: 'Réessayer',
    close: 'Fermer',
  },
  es: {
    askControl: '{agent} solicita tomar el control de su pantalla',
    askAnnotate: '{agent} solicita dibujar en su pantalla',
    askCall: '{agent} solicita iniciar una videollamada',
    askRecord: '{agent} solicita grabar la llamada',
    controlling: '{agent} está controlando su pantalla',
    annotating: '{agent} puede dibujar en su pantalla',
    recording: '{agent} está grabando la llamada',
    accept: 'Aceptar',
    decline: 'Rechazar',
    stop: 'Detener',
    callTitle: 'Videollamada',
    mute: 'Silenciar',
    unmute: 'Activar sonido',
    cameraOff: 'Apagar cámara',
    cameraOn: 'Encender cámara',
    hangUp: 'Colgar',
    agentMuted: '(silenciado)',
    agentCameraOff: '(cámara apagada)',
    supportCode: 'Código de soporte',
    supportCodeTitle: 'Su código de soporte',
    supportCodeHint: 'Dígaselo al agente de soporte.',
    supportCodeValid: 'Válido durante',
    supportCodeWaiting: 'Obteniendo su código…',
    supportCodeFailed: 'Ahora no hay código. Inténtelo de nuevo en un momento.',
    retry: 'Reintentar',
    close: 'Cerrar',
  },
  pt: {
    askControl: '{agent} pede para assumir o controle da sua tela',
    askAnnotate: '{agent} pede para desenhar na sua tela',
    askCall: '{agent} pede para iniciar uma chamada de vídeo',
    askRecord: '{agent} pede para gravar a chamada',
    controlling: '{agent} está controlando sua tela',
    annotating: '{agent} pode desenhar na sua tela',
    recording: '{agent} está gravando a chamada',
    accept: 'Aceitar',
    decline: 'Recusar',
    stop: 'Parar',
    callTitle: 'Chamada de vídeo',
    mute: 'Silenciar',
    unmute: 'Ativar som',
    cameraOff: 'Desligar câmera',
    cameraOn: 'Ligar câmera',
    hangUp: 'Encerrar',
    agentMuted: '(sem som)',
    agentCameraOff: '(câmera desligada)',
    supportCode: 'Código de suporte',
    supportCodeTitle: 'Seu código de suporte',
    supportCodeHint: 'Leia-o para o atendente.',
    supportCodeValid: 'Válido por',
    supportCodeWaiting: 'Obtendo seu código…',
    supportCodeFailed: 'Nenhum código agora. Tente novamente em instantes.',
    retry: 'Tentar de novo',
    close: 'Fechar',
  },
  ja: {
    askControl: '{agent} が画面の操作を求めています',
    askAnnotate: '{agent} が画面への書き込みを求めています',
    askCall: '{agent} がビデオ通話の開始を求めています',
    askRecord: '{agent} が通話の録画を求めています',
    controlling: '{agent} が画面を操作しています',
    annotating: '{agent} が画面に書き込めます',
    recording: '{agent} が通話を録画しています',
    accept: '許可',
    decline: '拒否',
    stop: '停止',
    callTitle: 'ビデオ通話',
    mute: 'ミュート',
    unmute: 'ミュート解除',
    cameraOff: 'カメラをオフ',
    cameraOn: 'カメラをオン',
    hangUp: '通話を終了',
    agentMuted: '(ミュート中)',
    agentCameraOff: '(カメラオフ)',
    supportCode: 'サポートコード',
    supportCodeTitle: 'あなたのサポートコード',
    supportCodeHint: 'サポート担当者に読み上げてください。',
    supportCodeValid: '有効期限まで',
    supportCodeWaiting: 'コードを取得しています…',
    supportCodeFailed: '今はコードを取得できません。しばらくしてからもう一度お試しください。',
    retry: '再試行',
    close: '閉じる',
  },
};

/** At most this many characters per string of the site's: a prompt, not a page. */
export const MAX_STRING_LENGTH = 300;

/**
 * The first of `candidates` (language tags, most wanted first) whose primary language is built in,
 * else English: `pt-BR` → `pt`, `DE` → `de`.
 */
export function pickLanguage(candidates: ReadonlyArray<string | null | undefined>): string {
  for (const tag of candidates) {
    const primary = typeof tag === 'string' ? tag.trim().toLowerCase().split(/[-_]/)[0] : undefined;
    if (primary !== undefined && Object.prototype.hasOwnProperty.call(BUILT_IN, primary)) {
      return primary;
    }
  }
  return 'en';
}

/** The strings to show: the site's own over the built-in ones of `language`. */
export function stringsFor(language: string, own: Partial<TandemStrings>): TandemStrings {
  return { ...(BUILT_IN[language] ?? EN), ...own };
}

/** `template` split around its first `{agent}`, for the name to go in as text: [before, after] (or [text] alone). */
export function splitAgent(template: string): [string] | [string, string] {
  const at = template.indexOf('{agent}');
  return at < 0 ? [template] : [template.slice(0, at), template.slice(at + '{agent}'.length)];
}

/** The site's `strings` option: known keys with text values; everything else is a note. */
export function resolveStrings(input: unknown, notes: string[]): Partial<TandemStrings> {
  const own: Partial<TandemStrings> = {};
  if (input === undefined || input === null) {
    return own;
  }
  if (typeof input !== 'object') {
    notes.push("'strings' must be an object of texts and was ignored");
    return own;
  }
  for (const [key, value] of Object.entries(input)) {
    if (!Object.prototype.hasOwnProperty.call(EN, key)) {
      notes.push(`strings.${key} is not a string the tracker shows and was ignored`);
    } else if (typeof value !== 'string' || value.trim() === '') {
      notes.push(`strings.${key} must be a non-empty text and was ignored`);
    } else {
      if (value.length > MAX_STRING_LENGTH) {
        notes.push(`strings.${key} was cut to ${MAX_STRING_LENGTH} characters`);
      }
      own[key as StringKey] = value.slice(0, MAX_STRING_LENGTH);
    }
  }
  return own;
}

/** The `language` option: a language tag, or undefined to follow the page. */
export function resolveLanguage(input: unknown, notes: string[]): string | undefined {
  if (input === undefined || input === null || input === '') {
    return undefined;
  }
  if (typeof input === 'string' && /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(input)) {
    return input;
  }
  notes.push(`'language' must be a language tag such as 'de' or 'pt-BR'; the page's language is used`);
  return undefined;
}
