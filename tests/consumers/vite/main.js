import { run } from '../shared/app.js';
import input from '../../fixtures/tally/co_owner/input.json?raw';

run(document.getElementById('out'), input);
