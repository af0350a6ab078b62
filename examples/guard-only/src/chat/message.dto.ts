import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MAX_MESSAGE_LENGTH } from './chat-message.js';

// #region dto
/** The body of a `message` event, for ValidationPipe (the VALIDATION variants). */
export class ChatMessageDto {
	@IsString()
	@IsNotEmpty()
	@MaxLength(MAX_MESSAGE_LENGTH)
	text!: string;
}
// #endregion dto
