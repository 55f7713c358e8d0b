/**
 * The report key hierarchy. Per report and per force key (`report`,
 * `safeguarding`), ONE call to the key source (KMS GenerateDataKey, or the
 * local AES key) makes a 256-bit report key; every sealed part of that report
 * under that key is still its own Encryption SDK message with its own data
 * key, wrapped by a RawAesKeyringNode whose wrapping key is the report key
 * (namespace {@link REPORT_KEY_NAMESPACE}, name = purpose, force and report).
 * So deleting one part's message still crypto-shreds that part, while a
 * report costs one KMS call per key, not one per part. Each part's data key
 * is drawn by {@link ReportKeyMaterials} (built once per held key) and
 * wrapped by that keyring, so sealing a part never waits on the thread pool.
 *
 * A sealed part is framed as: 1 format byte ({@link FORMAT}), a 2-byte
 * big-endian length, the wrapped report key (KMS: the CiphertextBlob, bound
 * by the encryption context {@link reportKeyContext} to force, report and
 * purpose), then the Encryption SDK message. The wrapped key travels with
 * every part of the report, so every reader opens a part from the part alone.
 *
 * Keys are held for one invocation only: the request's own asynchronous
 * context (its deadline signal, functions/domain/request-deadline.ts) owns
 * them, and they are dropped when the request is answered. Without a request
 * deadline (scripts, tests, and the claim route, which bounds its own time)
 * one cipher operation owns them: a whole body is still one call. A held
 * key opens only its own report: it is found by purpose, force, report and
 * wrapped bytes, and by the source that made or opened it. The plaintext
 * report key is zeroed as soon as the keyring
 * holds it (the Encryption SDK moves it into a Node KeyObject).
 */
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import {
  AlgorithmSuiteIdentifier,
  CommitmentPolicy,
  KeyringTraceFlag,
  needs,
  NodeEncryptionMaterial,
  type NodeDecryptionMaterial,
  type NodeMaterialsManager,
} from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import { randomFillSync } from 'node:crypto';
import { currentDeadline } from '../../domain/request-deadline';
import type { ReportKeyrings, ReportKeySource } from './keyrings';

/** The Encryption SDK's split packages (not `client-node`), so no bundle carries the keyrings and suites we never use. */
const CLIENT_OPTIONS = { commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT, maxEncryptedDataKeys: 1 } as const;
const { encrypt } = buildEncrypt(CLIENT_OPTIONS);

/**
 * Every sealed part is one frame. A part is stored in one DynamoDB item (at
 * most 400 KB), so a frame this size holds any part whole. The SDK's default
 * 4 KiB frames are for streaming large data: each costs its own cipher, IV and
 * tag, and the protected part, padded to its one size (./protected-size.ts),
 * took 13 of them. The message format allows frames up to 2^32 - 1 bytes, and
 * decrypt reads the frame length from each message's header, so parts sealed
 * in 4 KiB frames still open.
 */
export const FRAME_BYTES = 400 * 1024;
const { decrypt } = buildDecrypt(CLIENT_OPTIONS);

/**
 * Key-committing AES-256-GCM without the ECDSA signature: every reader of a
 * report is also trusted to write it, so signing would only cost latency.
 */
export const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;

/** Encryption-context keys: prefixed so they never clash with the SDK's own. */
export const CONTEXT_KEYS = {
  force: 'safe-pathway:force',
  report: 'safe-pathway:report',
  dataClass: 'safe-pathway:data-class',
  purpose: 'safe-pathway:purpose',
  /** Which sealed part a message is: a body part (its id names its classes, functions/domain/retention/parts.ts) or the queue's needs hint. */
  part: 'safe-pathway:part',
  /** Which force key a report key is under (`report` or `safeguarding`): the context of the wrapped report key only. */
  keyPurpose: 'safe-pathway:key-purpose',
} as const;

/** Which of the force's keys: `report` (bodies, hints, targets, messages) or `safeguarding` (the protected section). */
export type KeyPurpose = keyof ReportKeyrings;

/** The report a key belongs to. */
export interface ReportKeyBinding {
  forceId: string;
  reportId: string;
}

/** The keyring namespace of every report key's data-key wrapping. */
export const REPORT_KEY_NAMESPACE = 'safe-pathway:report-key';
/** The first byte of every sealed part: this framing, version 1. */
const FORMAT = 0x01;
/** At most this many report keys are held by one invocation; past it keys are still made and opened, only not kept. */
const MAX_HELD_KEYS = 1_000;

/**
 * The encryption context of a wrapped report key (KMS logs it with each call; key policies can test it).
 *
 * @example
 * reportKeyContext('safeguarding', { forceId: 'example-north', reportId }); // { 'safe-pathway:force': …, 'safe-pathway:report': …, 'safe-pathway:key-purpose': 'safeguarding' }
 */
export function reportKeyContext(purpose: KeyPurpose, binding: ReportKeyBinding): Record<string, string> {
  return { [CONTEXT_KEYS.force]: binding.forceId, [CONTEXT_KEYS.report]: binding.reportId, [CONTEXT_KEYS.keyPurpose]: purpose };
}

/** The raw AES keyring whose wrapping key is one report's key; its name ends with `/` so no report id is a prefix of another's. */
function reportKeyring(plaintext: Uint8Array, purpose: KeyPurpose, binding: ReportKeyBinding): RawAesKeyringNode {
  // The SDK takes only an isolated buffer (its own ArrayBuffer, which the KMS client's answer may not be: a view
  // into a pooled one), moves the key into a KeyObject and zeroes that buffer; the caller's copy is zeroed here.
  const isolated = new Uint8Array(plaintext.byteLength);
  isolated.set(plaintext);
  plaintext.fill(0);
  try {
    return new RawAesKeyringNode({
      keyNamespace: REPORT_KEY_NAMESPACE,
      keyName: `${purpose}/${binding.forceId}/${binding.reportId}/`,
      unencryptedMasterKey: isolated,
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
  } finally {
    isolated.fill(0);
  }
}

/**
 * The materials of every message sealed under one report key. Each message
 * still gets its own fresh data key, wrapped by the report key's raw AES
 * keyring exactly as that keyring wraps a key it draws itself (same EDK, same
 * keyring trace, same message); only the draw differs. The keyring draws with
 * the asynchronous `randomBytes`, one hop through libuv's thread pool per
 * message, which cost more Node CPU than the draw; this draws with
 * `randomFillSync`, the same CSPRNG (OpenSSL's, through node:crypto), into
 * memory of its own (the SDK takes only an isolated buffer and moves it into
 * a KeyObject). Opening is the keyring's: messages open with the keyring alone.
 *
 * @example
 * const { result } = await encrypt(new ReportKeyMaterials(keyring), plaintext, { suiteId: SUITE, encryptionContext });
 */
export class ReportKeyMaterials implements NodeMaterialsManager {
  constructor(readonly keyring: RawAesKeyringNode) {}

  async getEncryptionMaterials({ suite, encryptionContext }: Parameters<NodeMaterialsManager['getEncryptionMaterials']>[0]): Promise<NodeEncryptionMaterial> {
    // The SDK's default materials manager would add a signing key for a signing suite; none is ever asked for here.
    needs(suite && !suite.signatureCurve, 'a report key seals only with an unsigned algorithm suite');
    const material = new NodeEncryptionMaterial(suite, encryptionContext);
    const trace = { keyNamespace: this.keyring.keyNamespace, keyName: this.keyring.keyName, flags: KeyringTraceFlag.WRAPPING_KEY_GENERATED_DATA_KEY };
    material.setUnencryptedDataKey(randomFillSync(new Uint8Array(suite.keyLengthBytes)), trace);
    await this.keyring.onEncrypt(material);
    // The default manager's postcondition: a message nobody can open is never written.
    needs(material.encryptedDataKeys.length === 1, 'the report key did not wrap the data key');
    return material;
  }

  decryptMaterials(): Promise<NodeDecryptionMaterial> {
    return Promise.reject(new Error('report-key messages are opened with the keyring'));
  }
}

interface SealingKey {
  materials: ReportKeyMaterials;
  wrapped: Uint8Array;
}

/** The report keys one invocation holds: by source, purpose, force and report for sealing; also by wrapped bytes for opening. */
export class HeldReportKeys {
  readonly #sealing = new Map<string, Promise<SealingKey>>();
  readonly #opening = new Map<string, Promise<RawAesKeyringNode>>();

  /** The report's key for sealing: one made now (one source call), or one this invocation already made or opened. */
  sealing(source: ReportKeySource, purpose: KeyPurpose, binding: ReportKeyBinding): Promise<SealingKey> {
    const id = sealingId(source, purpose, binding);
    const held = this.#sealing.get(id);
    if (held) return held;
    const made = source.generate(reportKeyContext(purpose, binding)).then(({ plaintext, wrapped }) => {
      const key = { materials: new ReportKeyMaterials(reportKeyring(plaintext, purpose, binding)), wrapped };
      this.#keep(this.#opening, openingId(source, purpose, binding, wrapped), Promise.resolve(key.materials.keyring));
      return key;
    });
    this.#keep(this.#sealing, id, made);
    return made;
  }

  /** The keyring of a wrapped report key: opened once (one source call) under this report's context, then held. */
  opening(source: ReportKeySource, purpose: KeyPurpose, binding: ReportKeyBinding, wrapped: Uint8Array): Promise<RawAesKeyringNode> {
    const id = openingId(source, purpose, binding, wrapped);
    const held = this.#opening.get(id);
    if (held) return held;
    const opened = source.unwrap(wrapped, reportKeyContext(purpose, binding)).then((plaintext) => {
      const keyring = reportKeyring(plaintext, purpose, binding);
      // A part sealed later in this invocation (a re-sealed body, a message) reuses the opened key: no second KMS call.
      const sealing = sealingId(source, purpose, binding);
      if (!this.#sealing.has(sealing)) this.#keep(this.#sealing, sealing, Promise.resolve({ materials: new ReportKeyMaterials(keyring), wrapped }));
      return keyring;
    });
    this.#keep(this.#opening, id, opened);
    return opened;
  }

  /** Drops every key held (the request was answered). */
  clear(): void {
    this.#sealing.clear();
    this.#opening.clear();
  }

  #keep<T>(map: Map<string, Promise<T>>, id: string, value: Promise<T>): void {
    if (map.size >= MAX_HELD_KEYS) return;
    map.set(id, value);
    // A failed call is not remembered: the next part asks again (and fails on its own).
    value.catch(() => {
      if (map.get(id) === value) map.delete(id);
    });
  }
}

const sourceIds = new WeakMap<ReportKeySource, number>();
let sources = 0;

/** A key held for one source is never handed to another (a cipher wired with other keys asks its own source). */
function sourceId(source: ReportKeySource): number {
  let id = sourceIds.get(source);
  if (id === undefined) {
    id = ++sources;
    sourceIds.set(source, id);
  }
  return id;
}

function sealingId(source: ReportKeySource, purpose: KeyPurpose, binding: ReportKeyBinding): string {
  return JSON.stringify([sourceId(source), purpose, binding.forceId, binding.reportId]);
}

function openingId(source: ReportKeySource, purpose: KeyPurpose, binding: ReportKeyBinding, wrapped: Uint8Array): string {
  return JSON.stringify([sourceId(source), purpose, binding.forceId, binding.reportId, Buffer.from(wrapped.buffer, wrapped.byteOffset, wrapped.byteLength).toString('base64')]);
}

const invocations = new WeakMap<AbortSignal, HeldReportKeys>();

/**
 * The report keys of the request being served (dropped once it is answered),
 * or, outside a request, a fresh set for one operation.
 *
 * @example
 * const keys = heldReportKeys();
 * const sealed = await Promise.all(parts.map((part) => sealUnderReportKey(keys, keyrings.report, 'report', binding, part, context)));
 */
export function heldReportKeys(): HeldReportKeys {
  const deadline = currentDeadline();
  if (!deadline || deadline.aborted) return new HeldReportKeys();
  let keys = invocations.get(deadline);
  if (!keys) {
    const held = new HeldReportKeys();
    deadline.addEventListener('abort', () => held.clear(), { once: true });
    invocations.set(deadline, held);
    keys = held;
  }
  return keys;
}

/** Raised when bytes are not a sealed part in this framing. */
export class SealedFrameError extends Error {
  constructor(reason: string) {
    super(`sealed part is malformed: ${reason}`);
    this.name = 'SealedFrameError';
  }
}

/**
 * Seals one part: its own Encryption SDK message (own data key) wrapped by
 * the report's key, framed after the wrapped report key.
 *
 * @example
 * const sealed = await sealUnderReportKey(heldReportKeys(), keyrings.report, 'report', { forceId, reportId }, plaintext, encryptionContext);
 */
export async function sealUnderReportKey(
  keys: HeldReportKeys,
  source: ReportKeySource,
  purpose: KeyPurpose,
  binding: ReportKeyBinding,
  plaintext: Uint8Array,
  encryptionContext: Record<string, string>,
): Promise<Uint8Array> {
  const { materials, wrapped } = await keys.sealing(source, purpose, binding);
  const { result } = await encrypt(materials, plaintext, { suiteId: SUITE, encryptionContext, frameLength: FRAME_BYTES });
  if (wrapped.byteLength > 0xffff) throw new SealedFrameError('wrapped report key too long');
  const out = Buffer.allocUnsafe(3 + wrapped.byteLength + result.byteLength);
  out.writeUInt8(FORMAT, 0);
  out.writeUInt16BE(wrapped.byteLength, 1);
  out.set(wrapped, 3);
  out.set(result, 3 + wrapped.byteLength);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Opens a part sealed by {@link sealUnderReportKey} for the report named by
 * `binding`: the wrapped key opens only under that report's context.
 * The caller checks the message's encryption context.
 *
 * @example
 * const { plaintext, encryptionContext } = await openUnderReportKey(heldReportKeys(), keyrings.report, 'report', { forceId, reportId }, sealed);
 */
export async function openUnderReportKey(
  keys: HeldReportKeys,
  source: ReportKeySource,
  purpose: KeyPurpose,
  binding: ReportKeyBinding,
  sealed: Uint8Array,
): Promise<{ plaintext: Buffer; encryptionContext: Readonly<Record<string, string>> }> {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.byteLength < 3 || bytes.readUInt8(0) !== FORMAT) throw new SealedFrameError('unknown format');
  const length = bytes.readUInt16BE(1);
  if (3 + length >= bytes.byteLength) throw new SealedFrameError('truncated');
  const keyring = await keys.opening(source, purpose, binding, new Uint8Array(bytes.subarray(3, 3 + length)));
  const output = await decrypt(keyring, bytes.subarray(3 + length));
  return { plaintext: output.plaintext, encryptionContext: output.messageHeader.encryptionContext };
}
