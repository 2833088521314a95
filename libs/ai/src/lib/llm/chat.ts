/** One message of a chat with a model, in the role/content shape every OpenAI-compatible endpoint takes. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}
