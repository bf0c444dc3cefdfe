// Loads what `pkg install` laid out in node_modules and shows which versions Node resolved.
const greeting = require('greeting');
const shout = require('@demo/util');
const versions = ['greeting', '@demo/util', '@demo/cli']
  .map((name) => `${name}@${require(`${name}/package.json`).version}`);
console.log(greeting('pkg'));
console.log(shout('pkg'));
console.log('installed: ' + versions.join(', '));
