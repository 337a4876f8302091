import test from 'ava';
import { adequacy, vectorsDigest } from '../mutation/adequacy';
import { ADEQUACY_SETTINGS } from '../mutation/ADEQUACY_SETTINGS';

test("the mutation run's vectors digest is the one the model gives now", (t) => {
  t.is(vectorsDigest(), ADEQUACY_SETTINGS.vectorsDigest);
});

test('the adequacy check passes on the model, so that every mutant it fails is a kill', (t) => {
  t.is(adequacy(), null);
});
