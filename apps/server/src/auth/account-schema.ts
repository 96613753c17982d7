// Account fields are the API's (see @segflow/contract); the CLI and the auth service check the same rules.
export { emailSchema, passwordSchema, roleSchema, newUserBody as newUserSchema } from '@segflow/contract';
