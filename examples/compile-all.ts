import { PredefinedErrors } from '@stackset-lite/asl-dsl';

console.log(PredefinedErrors.ALL);
