import { useState } from 'react';
import { SpinLoading } from 'antd-mobile';
import { TopBar } from '../components/TopBar';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage, get } from '../lib/api';
import { loginPath, useMe } from '../lib/session';
import { currentStep, stepBar, stepIndex } from '../lib/flow';
import { ZApplicationView, type TApplicationView as ApplicationView } from '@netsign/api';
import { ErrorNote } from '../components/ErrorNote';
import { StepBar } from '../components/StepBar';
import { ConsentStep } from '../steps/ConsentStep';
import { FaceStep } from '../steps/FaceStep';
import { DocumentEntryStep } from '../steps/DocumentEntryStep';
import { ReadStep } from '../steps/ReadStep';
import { PhotosStep } from '../steps/PhotosStep';
import { SignStep } from '../steps/SignStep';
import { VideoStep } from '../steps/VideoStep';
import { SubmitStep } from '../steps/SubmitStep';
import { DoneStep } from '../steps/DoneStep';

export interface StepProps {
  app: ApplicationView;
  /** the server's new view of the application after a step */
  onChange: (app: ApplicationView) => void;
}

/** One application, at the first step the server says is unfinished. */
export default function ApplyPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const nav = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const q = useQuery({
    queryKey: ['app', id],
    queryFn: () => get(`/api/buyer/applications/${id}`, ZApplicationView),
    enabled: Boolean(me.data),
  });
  // the photos page stays open after its last upload until the buyer presses its button
  const [photosOpen, setPhotosOpen] = useState(false);
  const [justSubmitted, setJustSubmitted] = useState(false);

  if (me.isLoading)
    return (
      <div className="center-pad">
        <SpinLoading aria-label={t('加载中')} />
      </div>
    );
  if (!me.data) return <Navigate to={loginPath(`/apply/${id}`)} replace />;
  const app = q.data;
  const onChange = (next: ApplicationView) => {
    qc.setQueryData(['app', id], next);
    void qc.invalidateQueries({ queryKey: ['apps'] });
  };

  let step = app ? currentStep(app) : null;
  if (app && photosOpen && (step === 'sign' || step === 'face-second' || step === 'video' || step === 'submit'))
    step = 'photos';
  const bar = app ? stepBar(app.route) : [];

  return (
    <>
      <TopBar onBack={() => nav('/mine')}>
        {t(step === 'face-first' || step === 'face-second' ? '人脸识别' : '在线公证')}
      </TopBar>
      {q.isLoading && (
        <div className="center-pad">
          <SpinLoading aria-label={t('加载中')} />
        </div>
      )}
      <div className="page" style={{ paddingBottom: 0 }}>
        <ErrorNote message={q.error && errorMessage(q.error)} onRetry={() => void q.refetch()} />
      </div>
      {app && step && (
        <>
          <StepBar steps={bar} current={stepIndex(step)} />
          <div className="page">
            {app.status === '待补正' && step !== 'done' && (
              <div className="error-box" role="status">
                {t('公证处要求补正')}：{app.supplement?.note}
              </div>
            )}
            {step === 'consent' && <ConsentStep app={app} onChange={onChange} />}
            {step === 'face-first' && <FaceStep app={app} onChange={onChange} stage="first" />}
            {step === 'document' && <DocumentEntryStep app={app} onChange={onChange} />}
            {step === 'read' && (
              <ReadStep
                app={app}
                onChange={(a) => {
                  setPhotosOpen(true);
                  onChange(a);
                }}
              />
            )}
            {step === 'photos' && (
              <PhotosStep
                app={app}
                onChange={(a) => {
                  setPhotosOpen(true);
                  onChange(a);
                }}
                onNext={() => setPhotosOpen(false)}
              />
            )}
            {step === 'sign' && <SignStep app={app} onChange={onChange} />}
            {step === 'face-second' && (
              <FaceStep app={app} onChange={onChange} stage="second" onSubmitted={() => setJustSubmitted(true)} />
            )}
            {step === 'video' && <VideoStep app={app} onChange={onChange} onSubmitted={() => setJustSubmitted(true)} />}
            {step === 'submit' && (
              <SubmitStep
                app={app}
                onChange={(a) => {
                  setJustSubmitted(true);
                  onChange(a);
                }}
              />
            )}
            {step === 'done' && <DoneStep app={app} justSubmitted={justSubmitted} />}
          </div>
        </>
      )}
    </>
  );
}
