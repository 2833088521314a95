import { Injectable } from '@nestjs/common';
import type { RedactionOptions } from '@orphelix/ai';
import { AppConfig } from '../config/app-config';
import { TokenCipher } from '../persistence/token-cipher';

/** The redactor's options: the names the admin hides, and the key of their pseudonyms. */
@Injectable()
export class AiRedaction {
  private key: string | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly cipher: TokenCipher,
  ) {}

  options(): RedactionOptions {
    const hideNames = this.config.ai.hideNames;
    // No hidden names, no pseudonyms: the secret key (generated on first use) is not needed.
    if (hideNames.length === 0) return { hideNames, pseudonymKey: '' };
    // Derived from the secret key, so a hidden name has the same pseudonym on every replica and restart.
    this.key ??= this.cipher.deriveKey('ai pseudonyms').toString('base64url');
    return { hideNames, pseudonymKey: this.key };
  }
}
